import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import type { Json } from '../openapi/document';
import { apiDescription } from '../openapi/serve';

/**
 * Checks an answer against the OpenAPI description: the status must be one the route documents,
 * the media type one it lists, and a JSON body must match the documented schema. The shared test
 * client (client.ts) runs every contract test's answers through this, on Node and on workerd, so
 * the description cannot drift from what the server does.
 *
 * Paths the description does not know are skipped here (a route missing from the description is
 * openapi.test.ts's failure, with a clearer message).
 */

interface Operation {
  pattern: RegExp;
  params: number;
  template: string;
  method: string;
  responses: Record<string, Json>;
}

let state: { ops: Operation[]; ajv: Ajv2020; validators: Map<string, ValidateFunction> } | null =
  null;

function load() {
  if (state) return state;
  const { doc } = apiDescription();
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({ components: (doc.components as Json) ?? {} }, 'openapi');
  const ops: Operation[] = [];
  for (const [template, methods] of Object.entries(doc.paths as Record<string, Json>)) {
    const source = template
      .split(/\{[^}]+\}/)
      .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    for (const [method, op] of Object.entries(methods as Record<string, Json>)) {
      ops.push({
        pattern: new RegExp(`^${source}$`),
        params: (template.match(/\{/g) ?? []).length,
        template,
        method: method.toUpperCase(),
        responses: (op.responses ?? {}) as Record<string, Json>,
      });
    }
  }
  // A literal segment wins over a parameter (/shifts/current before /shifts/{id}).
  ops.sort((a, b) => a.params - b.params);
  state = { ops, ajv, validators: new Map() };
  return state;
}

function validatorFor(schema: Json): ValidateFunction {
  const s = load();
  const ref = String(schema.$ref ?? '');
  const key = ref || JSON.stringify(schema);
  let v = s.validators.get(key);
  if (!v) {
    v = ref ? s.ajv.compile({ $ref: `openapi${ref}` }) : s.ajv.compile(schema);
    s.validators.set(key, v);
  }
  return v;
}

const mediaType = (header: string | null) => (header ?? '').split(';')[0]!.trim().toLowerCase();

export async function checkAnswer(method: string, url: string, res: Response): Promise<void> {
  const path = new URL(url, 'http://x').pathname;
  const op = load().ops.find((o) => o.method === method.toUpperCase() && o.pattern.test(path));
  if (!op) return;
  const where = `${method.toUpperCase()} ${op.template}`;
  const doc = op.responses[String(res.status)];
  if (!doc) {
    throw new Error(
      `${where} answered ${res.status}, a status its OpenAPI description does not list ` +
        `(${Object.keys(op.responses).join(', ')}). Declare it in worker/src/openapi/routes/ ` +
        '(responses, or errors for a problem+json status).',
    );
  }
  const content = doc.content as Record<string, Json> | undefined;
  if (!content || res.status === 204 || res.status === 304 || res.status === 101) return;
  const type = mediaType(res.headers.get('content-type'));
  const entry = content[type];
  if (!entry) {
    throw new Error(
      `${where} answered ${res.status} as ${type || 'no media type'}; the description lists ` +
        `${Object.keys(content).join(', ')}.`,
    );
  }
  const schema = entry.schema as Json | undefined;
  if (!schema || !type.includes('json') || res.headers.get('content-encoding')) return;
  const text = await res.clone().text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(
      `${where} answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`,
    );
  }
  const validate = validatorFor(schema);
  if (!validate(body)) {
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`)
      .join('; ');
    throw new Error(
      `${where} answered ${res.status} with a body that does not match its OpenAPI schema ` +
        `(${String(schema.$ref ?? 'inline')}): ${errors}. Body: ${text.slice(0, 300)}`,
    );
  }
}
