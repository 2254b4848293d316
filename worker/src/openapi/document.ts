import { z } from 'zod';
import { oauthError, problem } from '../common/wire';
import type { Auth, RouteDoc } from './route-doc';

/** A JSON Schema or OpenAPI object: plain JSON data. */
export type Json = { [key: string]: unknown };

const STATUS_TEXT: Record<number, string> = {
  400: 'Malformed or invalid: `errors[]` names each bad field.',
  401: 'No access token, or an expired or revoked one.',
  403: 'Your role may not do this.',
  404: 'Not found, or it belongs to another tenant.',
  409: "The object's state forbids it, or an id or Idempotency-Key was reused with another body.",
  413: 'The body is too large.',
  415: 'Wrong media type for the body.',
  422: 'Well-formed but breaks a business rule (an unknown id in the body, an amount over the balance…).',
  429: 'Throttled: retry after Retry-After seconds.',
  501: 'Not available on this runtime or set-up.',
  502: 'The payment provider did not answer: retry the same request (it will not charge twice).',
  503: 'The database is unreachable or slow: retry after Retry-After seconds.',
};

const SECURITY: Record<Auth, Json[]> = {
  bearer: [{ bearer: [] }],
  device: [{ deviceToken: [] }],
  stripe: [{ stripeSignature: [] }],
  token: [],
  public: [],
};

/** `/api/v1/orders/:id` → `/api/v1/orders/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

/** `POST /api/v1/orders/:id/lines` → `postOrdersByIdLines`. */
export function operationId(route: Pick<RouteDoc, 'method' | 'path'>): string {
  const words = route.path
    .replace(/^\/api\/v1/, '')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((s) => (s.startsWith(':') ? `By_${s.slice(1)}` : s))
    .flatMap((s) => s.split('_'))
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return route.method.toLowerCase() + words.join('');
}

/** Statuses a route answers without saying so: auth, validation, missing ids, an absent database. */
export function commonErrors(route: RouteDoc): number[] {
  const out = new Set<number>();
  const underApi = route.path.startsWith('/api/');
  if (underApi) out.add(503);
  if (route.auth === 'bearer') out.add(401);
  if (route.auth === 'bearer' && route.roles) out.add(403);
  if (route.body || route.query || route.idempotencyKey) out.add(400);
  const jsonBody = route.body && (route.bodyType ?? 'application/json').includes('json');
  if (jsonBody && !route.oauth) out.add(415);
  if (route.body && underApi) out.add(413);
  if (route.path.includes('/:')) out.add(404);
  if (route.idempotencyKey) out.add(409);
  for (const s of route.errors ?? []) out.add(s);
  return [...out].sort((a, b) => a - b);
}

type Registry = ReturnType<typeof z.registry<{ id: string }>>;

/** Gives each schema one component name, the first it is seen under. */
class Names {
  readonly registry: Registry = z.registry<{ id: string }>();
  private readonly taken = new Set<string>();
  name(schema: z.ZodType, wanted: string): string {
    const known = this.registry.get(schema);
    if (known) return known.id;
    let id = wanted;
    for (let i = 2; this.taken.has(id); i++) id = `${wanted}${i}`;
    this.taken.add(id);
    this.registry.add(schema, { id });
    return id;
  }
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function emit(registry: Registry, io: 'input' | 'output'): Record<string, Json> {
  const { schemas } = z.toJSONSchema(registry, {
    io,
    uri: (id) => `#/components/schemas/${id}`,
    // Refinements and transforms have no JSON Schema form: the shape before them is documented.
    unrepresentable: 'any',
  }) as { schemas: Record<string, Json> };
  for (const s of Object.values(schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  return schemas;
}

function inline(schema: z.ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  delete json.$schema;
  return json;
}

function queryParameters(query: z.ZodType): Json[] {
  const json = inline(query, 'input');
  const props = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(props).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return {
      name,
      in: 'query',
      required: required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function pathParameters(path: string): Json[] {
  return [...path.matchAll(/:([A-Za-z_]+)/g)].map(([, name]) => {
    const isId = name === 'id' || name!.endsWith('_id');
    return {
      name,
      in: 'path',
      required: true,
      schema: isId ? { type: 'string', format: 'uuid' } : { type: 'string' },
    };
  });
}

export interface DocumentInfo {
  version: string;
  /** Response shapes that get a component name of their own (the rest are named by route). */
  names?: [z.ZodType, string][];
  description: string;
  tags: { name: string; description: string }[];
}

/** The OpenAPI 3.1 description of `routes`, schemas generated from their zod schemas. */
export function openApiDocument(routes: RouteDoc[], info: DocumentInfo): Json {
  const requests = new Names();
  const responses = new Names();
  responses.name(problem, 'Problem');
  responses.name(oauthError, 'OAuthError');
  for (const [schema, name] of info.names ?? []) responses.name(schema, name);
  const paths: Record<string, Record<string, Json>> = {};

  for (const route of routes) {
    const opId = operationId(route);
    const op: Json = {
      operationId: opId,
      tags: [route.tag],
      summary: route.summary,
    };
    const roles = route.auth === 'bearer' ? (route.roles ?? ['any role']) : undefined;
    const notes = [route.description, roles ? `Roles: ${roles.join(', ')}.` : undefined];
    op.description = notes.filter(Boolean).join('\n\n');
    if (route.roles) op['x-roles'] = [...route.roles];
    op.security = SECURITY[route.auth];

    const parameters = [...pathParameters(route.path)];
    if (route.query) parameters.push(...queryParameters(route.query));
    if (route.idempotencyKey) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Makes a retry safe: the same key and body replay the first answer.',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      });
    }
    for (const [name, h] of Object.entries(route.headers ?? {})) {
      parameters.push({
        name,
        in: 'header',
        required: h.required ?? false,
        description: h.description,
        schema: { type: 'string' },
      });
    }
    if (parameters.length) op.parameters = parameters;

    if (route.body || route.bodyType) {
      const type = route.bodyType ?? 'application/json';
      const schema = route.body
        ? ref(requests.name(route.body, `${opId.charAt(0).toUpperCase()}${opId.slice(1)}Body`))
        : { type: 'string', format: 'binary' };
      const content: Json = { [type]: { schema } };
      if (type.startsWith('image/')) {
        for (const t of ['image/png', 'image/webp']) content[t] = { schema };
      }
      op.requestBody = { required: true, content };
    }

    const answers: Record<string, Json> = {};
    for (const [status, r] of Object.entries(route.responses)) {
      const content: Json = {};
      const upper = opId.charAt(0).toUpperCase() + opId.slice(1);
      if (r.schema) {
        content[r.type ?? 'application/json'] = {
          schema: ref(responses.name(r.schema, `${upper}${status}`)),
        };
      } else if (r.type) {
        const json = r.type.includes('json');
        content[r.type] = {
          schema: json ? { type: 'object' } : { type: 'string', format: 'binary' },
        };
      }
      for (const t of r.alternatives ?? []) content[t] = { schema: { type: 'string' } };
      answers[status] = {
        description: r.description,
        ...(Object.keys(content).length ? { content } : {}),
      };
    }
    for (const status of commonErrors(route)) {
      if (answers[status]) continue;
      answers[status] = {
        description: STATUS_TEXT[status] ?? 'Error.',
        content: route.oauth
          ? { 'application/json': { schema: ref('OAuthError') } }
          : { 'application/problem+json': { schema: ref('Problem') } },
      };
    }
    op.responses = answers;

    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = op;
  }

  return {
    openapi: '3.1.0',
    info: { title: 'Comanda API', version: info.version, description: info.description },
    servers: [{ url: '/' }],
    tags: info.tags,
    paths,
    components: {
      schemas: { ...emit(requests.registry, 'input'), ...emit(responses.registry, 'output') },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'An access token from POST /api/v1/auth/token (15 minutes of life).',
        },
        deviceToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Device-Token',
          description: 'A shared device’s token from POST /api/v1/devices.',
        },
        stripeSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'Stripe-Signature',
          description: "Stripe's webhook signature.",
        },
      },
    },
  };
}
