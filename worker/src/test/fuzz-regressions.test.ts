/**
 * What the fuzzer (fuzz.test.ts) and the cross-tenant matrix found, pinned as plain tests: each
 * one failed before its fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_BODY_LIMIT } from '../app';
import { canonicalJson, requestHash } from '../common/canonical';
import { AppError } from '../common/errors';
import { toAppError } from '../common/errors-handler';
import { testApp } from './app';
import { type Api, apiClient, newTenant } from './client';
import { createTestDb, type TestDb } from './db';
import { deepNest } from './fuzz-values';

let db: TestDb;
let api: Api;

beforeAll(async () => {
  db = await createTestDb();
  const { app } = testApp(db.sql);
  api = apiClient(async (path, init) => app.request(path, init));
});
afterAll(async () => {
  await db.drop();
});

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('found by fuzzing', () => {
  it('maps every Postgres data exception (SQLSTATE class 22) to 400, not 500', () => {
    for (const code of ['22007', '22008', '22009', '22P05', '22001', '22P02', '22003', '22021']) {
      expect(toAppError({ code }, () => false)?.status, code).toBe(400);
    }
    expect(toAppError({ code: '23505' }, () => false)).toBeNull();
  });

  it('answers 400 to a time-ordered list cursor (orders, shifts, audit) whose timestamp is not one', async () => {
    const t = await newTenant(api);
    for (const list of ['orders', 'shifts', 'audit']) {
      for (const at of ['+232135-09-18T16:09:45.718Z', 'not a date', '294277-01-01T00:00:00Z']) {
        const cursor = b64url({ at, id: crypto.randomUUID() });
        const res = await api.json('GET', `/api/v1/${list}?cursor=${cursor}`, undefined, t.token);
        expect(res.status, `${list} ${at}`).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
      // Cursors the server writes still work: ISO, or Postgres's own microsecond text.
      for (const at of [new Date().toISOString(), '2026-11-26 04:45:30.424892+00']) {
        const ok = await api.json(
          'GET',
          `/api/v1/${list}?cursor=${b64url({ at, id: crypto.randomUUID() })}`,
          undefined,
          t.token,
        );
        expect(ok.status, `${list} ${at}`).toBe(200);
      }
      // Well-formed but impossible dates: 400 (the driver's Date serialiser threw: 500).
      for (const at of ['2026-13-40T00:00:00Z', '2026-02-31T00:00:00Z', '2026-01-01T25:00:00Z']) {
        const cursor = b64url({ at, id: crypto.randomUUID() });
        const bad = await api.json('GET', `/api/v1/${list}?cursor=${cursor}`, undefined, t.token);
        expect(bad.status, `${list} ${at}`).toBe(400);
      }
    }
  });

  it('refuses to hash a body nested 10,000 levels deep with a 400 instead of overflowing the stack', async () => {
    // Idempotency-Key hashes the raw body before the validator sees it.
    const deep = JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    await expect(requestHash(deep)).rejects.toSatisfy(
      (e) => e instanceof AppError && e.status === 400,
    );
    expect(() => canonicalJson(deepNest(300))).toThrow(AppError);
    expect(canonicalJson(deepNest(100))).toContain('"a":');
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
  });

  it('answers /auth/* errors raised outside its handlers (413, unknown route) in the OAuth shape', async () => {
    const huge = await api.fetch('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=password&username=${'x'.repeat(JSON_BODY_LIMIT)}`,
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/json');
    expect(huge.headers.get('cache-control')).toBe('no-store');
    expect(await huge.json()).toMatchObject({ error: 'invalid_request' });
    const unknown = await api.fetch('/api/v1/auth/authorize', { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'invalid_request' });
    // Everywhere else it stays problem+json.
    const other = await api.fetch('/api/v1/authx', { method: 'POST' });
    expect(other.headers.get('content-type')).toContain('application/problem+json');
  });
});
