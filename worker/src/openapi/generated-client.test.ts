/**
 * An integrator's view: generate TypeScript types from /api/v1/openapi.json with a standard tool
 * (openapi-typescript), type-check a small program against them, then run that program's calls
 * against the real app and database. A wrong field in the program must fail the type-check, so
 * the generated types are real shapes, not `any`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test/app';
import { createTestDb, type TestDb } from '../test/db';

const dir = resolve('.tmp/openapi-client');

const program = `import type { paths } from './schema';

type SignUp = paths['/api/v1/tenants']['post'];
type SignUpBody = SignUp['requestBody']['content']['application/json'];
type SignedUp = SignUp['responses'][201]['content']['application/json'];
type Token = paths['/api/v1/auth/token']['post']['responses'][200]['content']['application/json'];
type Me = paths['/api/v1/me']['get']['responses'][200]['content']['application/json'];
type NewCategory = paths['/api/v1/categories']['post']['requestBody']['content']['application/json'];
type Category = paths['/api/v1/categories']['post']['responses'][201]['content']['application/json'];

export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

export async function integrate(fetcher: Fetcher, slug: string) {
  const body: SignUpBody = {
    name: 'Generated Client Café',
    slug,
    currency: 'EUR',
    owner: { email: \`\${slug}@client.test\`, password: 'correct horse', name: 'Ada' },
  };
  const created = await fetcher('/api/v1/tenants', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const signedUp = (await created.json()) as SignedUp;
  const form = new URLSearchParams({
    grant_type: 'password',
    username: body.owner.email,
    password: body.owner.password,
  });
  const tokenRes = await fetcher('/api/v1/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  const token = (await tokenRes.json()) as Token;
  const auth = { authorization: \`Bearer \${token.access_token}\` };
  const me = (await (await fetcher('/api/v1/me', { headers: auth })).json()) as Me;
  const drinks: NewCategory = { name: 'Drinks' };
  const catRes = await fetcher('/api/v1/categories', {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(drinks),
  });
  const category = (await catRes.json()) as Category;
  const currency: string = me.tenant.currency;
  const role: 'owner' | 'manager' | 'cashier' | 'waiter' | 'kitchen' = me.user.role;
  const position: number = category.position;
  return { tenantId: signedUp.tenant.id, currency, role, position, category: category.name };
}
`;

function typeErrors(files: string[]): string[] {
  const host = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
  });
  return ts
    .getPreEmitDiagnostics(host)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
  mkdirSync(dir, { recursive: true });
});
afterAll(async () => {
  await db?.drop();
});

// The TypeScript compiler runs three times here: seconds on a quiet machine, far more on a busy one.
describe('a client generated from openapi.json with openapi-typescript', {
  timeout: 180_000,
}, () => {
  it('type-checks a program against the generated types and its calls work on the real app', async () => {
    const { app } = testApp(db.sql);
    const served = await (await app.request('/api/v1/openapi.json')).json();
    const ast = await openapiTS(served as Parameters<typeof openapiTS>[0]);
    writeFileSync(join(dir, 'schema.d.ts'), astToString(ast));
    writeFileSync(join(dir, 'integrate.ts'), program);
    expect(typeErrors([join(dir, 'integrate.ts')])).toEqual([]);

    const { integrate } = (await import(join(dir, 'integrate.ts'))) as {
      integrate: (f: typeof fetch | unknown, slug: string) => Promise<Record<string, unknown>>;
    };
    const out = await integrate(
      (path: string, init?: RequestInit) => Promise.resolve(app.request(path, init)),
      `gen-${Date.now().toString(36)}`,
    );
    expect(out).toMatchObject({ currency: 'EUR', role: 'owner', category: 'Drinks' });
    expect(out.position).toEqual(expect.any(Number));
  });

  it('fails the type-check when the program reads a field the API does not have', () => {
    const wrong = program.replace('me.tenant.currency', 'me.tenant.currencyCode');
    writeFileSync(join(dir, 'wrong.ts'), wrong);
    const errors = typeErrors([join(dir, 'wrong.ts')]);
    expect(errors.join('\n')).toMatch(/currencyCode/);
  });

  it('fails the type-check when the program sends a body the API would refuse', () => {
    const wrong = program.replace(
      "const drinks: NewCategory = { name: 'Drinks' };",
      "const drinks: NewCategory = { title: 'Drinks' };",
    );
    writeFileSync(join(dir, 'wrong-body.ts'), wrong);
    expect(typeErrors([join(dir, 'wrong-body.ts')]).join('\n')).toMatch(/title/);
  });
});
