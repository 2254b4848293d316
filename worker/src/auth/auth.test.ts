import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test/app';
import { type Api, apiClient, newTenant } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { authContract } from './auth.contract';

let db: TestDb;
let api: Api;
let secret: string;
let verifies = 0;

beforeAll(async () => {
  db = await createTestDb();
  const base = testApp(db.sql).platform.passwords;
  // Counts real bcrypt work, so the throttle test can prove it runs before any hashing.
  const passwords = {
    hash: base.hash,
    verify: (p: string, h: string) => {
      verifies++;
      return base.verify(p, h);
    },
  };
  const { app, platform } = testApp(db.sql, { platform: { passwords } });
  secret = platform.config.JWT_SECRET;
  api = apiClient(async (path, init) => app.request(path, init));
});
afterAll(() => db.drop());

describe('auth on Node (app.request, real Postgres)', () => {
  authContract(() => ({ api, jwtSecret: secret, verifyCount: () => verifies }));

  it('turns sign-up off with ALLOW_SIGNUP=false', async () => {
    const { app } = testApp(db.sql, { config: { ALLOW_SIGNUP: 'false' } });
    const off = apiClient(async (p, i) => app.request(p, i));
    const res = await off.json('POST', '/api/v1/tenants', {
      name: 'X',
      slug: 'closed-shop',
      currency: 'EUR',
      owner: { email: 'x@closed.test', password: 'password1', name: 'X' },
    });
    expect(res.status).toBe(403);
    expect((await db.sql`select 1 from tenants where slug = 'closed-shop'`).length).toBe(0);
  });

  it('records logins and role changes in the audit log', async () => {
    const t = await newTenant(api);
    const rows =
      await db.sql`select action from audit_log where tenant_id = ${t.tenant.id} order by at`;
    expect(rows.map((r) => r.action)).toContain('login');
  });
});
