import { randomBytes } from 'node:crypto';
import { ResourceOwnerPassword } from 'simple-oauth2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode } from '../runtime/node';
import { apiClient, newTenant } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';

/**
 * The most used Node OAuth2 client, simple-oauth2, against a real server: it parses every reply as
 * JSON (an empty 200 from /auth/revoke made it throw a 406).
 */
let db: TestDb;
let server: Awaited<ReturnType<typeof startNode>>;
let base: string;
let quiet: typeof console.log;

beforeAll(async () => {
  db = await createTestDb();
  quiet = console.log;
  console.log = () => {}; // startNode's banner
  server = await startNode(
    {
      DATABASE_URL: db.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SEED_DEMO: 'false',
      BCRYPT_COST: '4',
      UPLOADS_DIR: `/tmp/comanda-oauth-${randomBytes(4).toString('hex')}`,
    },
    { port: 0 },
  );
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  console.log = quiet;
  await server?.stop();
  await db.drop();
});

describe('OAuth2 with simple-oauth2 (real Node server)', () => {
  it('logs in, refreshes and revokes; a revoked refresh token is refused afterwards', async () => {
    const t = await newTenant(apiClient((path, init) => fetch(`${base}${path}`, init)));
    const client = new ResourceOwnerPassword({
      client: { id: 'comanda-pos', secret: 'not-used-by-comanda' },
      auth: {
        tokenHost: base,
        tokenPath: '/api/v1/auth/token',
        revokePath: '/api/v1/auth/revoke',
      },
    });
    const token = await client.getToken({ username: t.email, password: t.password });
    expect(token.token.token_type).toBe('bearer');
    const refreshed = await token.refresh();
    const me = await fetch(`${base}/api/v1/me`, {
      headers: { authorization: `Bearer ${refreshed.token.access_token}` },
    });
    expect(me.status).toBe(200);
    // Both kinds, as revokeAll sends them: each answer must be JSON for the client to accept it.
    await refreshed.revokeAll();
    await expect(refreshed.refresh()).rejects.toThrow();
  });
});
