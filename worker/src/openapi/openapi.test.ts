import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { Sql } from '../db/client';
import { MemoryHub } from '../realtime/memory-hub';
import { nodePlatform } from '../runtime/node-platform';
import { testConfig } from '../test/app';
import { apiClient } from '../test/client';
import { checkAnswer } from '../test/conformance';
import { appRoutes } from '../test/routes';
import { commonErrors, type Json, openApiDocument, openApiPath } from './document';
import { documentInfo } from './info';
import { openApiContract } from './openapi.contract';
import { routeDocs } from './routes/index';
import { apiDescription } from './serve';

// No request here reaches the database: the app only needs a handle it never opens.
const app = createApp(nodePlatform(testConfig(), {} as Sql, new MemoryHub()));
const doc = apiDescription().doc;
const paths = doc.paths as Record<string, Record<string, Json>>;

describe('the OpenAPI description', () => {
  it('describes every route the app mounts', () => {
    const declared = new Set(routeDocs.map((r) => `${r.method} ${r.path}`));
    const missing = appRoutes(app)
      .map((r) => r.key)
      .filter((k) => !declared.has(k));
    expect(
      missing,
      `Routes mounted in the app but missing from the OpenAPI description: ${missing.join(', ')}. ` +
        "Declare each in worker/src/openapi/routes/<domain>.ts (its domain's file; see " +
        'CONTRIBUTING.md, "Declare the route"), referencing the zod schemas it validates with.',
    ).toEqual([]);
  });

  it('describes no route the app does not mount', () => {
    const mounted = new Set(appRoutes(app).map((r) => r.key));
    const stale = routeDocs.map((r) => `${r.method} ${r.path}`).filter((k) => !mounted.has(k));
    expect(stale, `Declared in worker/src/openapi/routes/ but not mounted: ${stale}`).toEqual([]);
  });

  it('declares each route once, with a unique operationId', () => {
    const keys = routeDocs.map((r) => `${r.method} ${r.path}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    const ids = Object.values(paths).flatMap((m) => Object.values(m).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is OpenAPI 3.1 whose schemas compile as JSON Schema 2020-12 and whose $refs resolve', () => {
    expect(doc.openapi).toBe('3.1.0');
    const schemas = (doc.components as Json).schemas as Record<string, Json>;
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ components: { schemas } }, 'openapi');
    for (const name of Object.keys(schemas)) {
      expect(
        () => ajv.compile({ $ref: `openapi#/components/schemas/${name}` }),
        name,
      ).not.toThrow();
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)];
    for (const [, name] of refs) expect(schemas[name!], `$ref to ${name}`).toBeDefined();
  });

  it('generates request bodies from the route schemas (the same zod object, not a copy)', () => {
    const op = paths['/api/v1/orders']!.post!;
    const ref = ((op.requestBody as Json).content as Json)['application/json'] as Json;
    const name = String((ref.schema as Json).$ref)
      .split('/')
      .pop()!;
    const body = ((doc.components as Json).schemas as Record<string, Json>)[name]!;
    // From orders/schemas.ts: quantities 1…999, at most 200 lines, unknown fields refused.
    const lines = (body.properties as Record<string, Json>).lines!;
    expect(lines.maxItems).toBe(200);
    const item = lines.items as Json;
    expect((item.properties as Record<string, Json>).quantity).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 999,
    });
    expect(body.additionalProperties).toBe(false);
  });

  it('documents the common errors as problem+json, and /auth/* errors as OAuth bodies', () => {
    const patch = paths['/api/v1/orders/{id}/discount']!.post!.responses as Record<string, Json>;
    for (const s of ['400', '401', '403', '404', '409', '415', '503']) {
      expect(Object.keys(patch), s).toContain(s);
    }
    expect(Object.keys(patch['404']!.content as Json)).toEqual(['application/problem+json']);
    const token = paths['/api/v1/auth/token']!.post!.responses as Record<string, Json>;
    expect(Object.keys(token['503']!.content as Json)).toEqual(['application/json']);
    expect(commonErrors(routeDocs.find((r) => r.path === '/healthz')!)).toEqual([]);
  });

  it('marks roles and auth on each operation', () => {
    const discount = paths['/api/v1/orders/{id}/discount']!.post!;
    expect(discount['x-roles']).toEqual(['owner', 'manager']);
    expect(discount.security).toEqual([{ bearer: [] }]);
    expect(paths['/api/v1/public/tables/{qr_token}']!.get!.security).toEqual([]);
  });

  it('describes the realtime protocol in words', () => {
    const op = paths['/api/v1/realtime']!.get!;
    expect(op.description).toMatch(/"type":"auth"/);
    expect(op.description).toMatch(/4401/);
    expect(op.description).toMatch(/resync/);
  });

  it('converts Hono paths and is stable from one build to the next', () => {
    expect(openApiPath('/api/v1/orders/:id/lines/:line_id')).toBe(
      '/api/v1/orders/{id}/lines/{line_id}',
    );
    expect(JSON.stringify(openApiDocument(routeDocs, documentInfo))).toBe(apiDescription().json);
  });
});

describe('serving it on Node', () => {
  openApiContract(() => ({
    api: apiClient((path, init) => Promise.resolve(app.request(path, init))),
  }));

  it('answers GET /api/v1/openapi.json with the document', async () => {
    const res = await app.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(doc);
  });

  it('answers GET /api/docs with a self-contained page naming every route', async () => {
    const res = await app.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).not.toMatch(/<script|https?:\/\/(?!comanda\.dev)[a-z]/i);
    for (const [path, methods] of Object.entries(paths)) {
      for (const method of Object.keys(methods)) {
        expect(html).toContain(`${method.toUpperCase()} ${path}`.replace(/&/g, '&amp;'));
      }
    }
  });
});

describe('checking answers against it', () => {
  const json = (body: unknown, status = 200, type = 'application/json') =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

  it('accepts a documented problem and rejects a status the route does not list', async () => {
    const problem = {
      type: 'https://comanda.dev/problems/not-found',
      title: 'Not found',
      status: 404,
    };
    await checkAnswer('GET', '/api/v1/orders/x', json(problem, 404, 'application/problem+json'));
    await expect(checkAnswer('GET', '/api/v1/me', json({}, 418))).rejects.toThrow(
      /GET \/api\/v1\/me answered 418/,
    );
  });

  it('rejects a body that does not match the documented schema, naming the field', async () => {
    const badTenant = { user: { id: 'nope' }, tenant: {} };
    await expect(checkAnswer('GET', '/api/v1/me', json(badTenant))).rejects.toThrow(
      /does not match its OpenAPI schema/,
    );
  });

  it('rejects an undocumented media type', async () => {
    const res = new Response('x', { status: 200, headers: { 'content-type': 'text/plain' } });
    await expect(checkAnswer('GET', '/api/v1/orders', res)).rejects.toThrow(/text\/plain/);
  });

  it('prefers a literal segment over a parameter and skips paths it does not describe', async () => {
    await expect(checkAnswer('GET', '/api/v1/shifts/current', json({ id: 1 }))).rejects.toThrow(
      /GET \/api\/v1\/shifts\/current/,
    );
    await checkAnswer('GET', '/api/v1/not-a-route', json({}, 404));
  });
});
