import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test/app';
import { type Api, apiClient, newTenant, staff } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { knownAccessToken, signAccessToken, verifyAccessToken } from './jwt';
import type { TokenClaims } from './principals';
import { VerifiedTokens } from './token-cache';

const claims = (exp: number): TokenClaims => ({
  userId: 'u1',
  tenantId: 't1',
  role: 'manager',
  ver: 0,
  exp,
});

describe('VerifiedTokens', () => {
  it('answers until the token expires (exp <= now in seconds), then forgets it', () => {
    const v = new VerifiedTokens(10);
    v.set('a', claims(100));
    expect(v.get('a', 99_999)?.userId).toBe('u1');
    expect(v.get('a', 100_000)).toBeUndefined();
    expect(v.size).toBe(0);
  });

  it('keeps at most maxEntries, evicting the least recently used', () => {
    const v = new VerifiedTokens(2);
    v.set('a', claims(100));
    v.set('b', claims(100));
    expect(v.get('a', 0)).toBeDefined(); // a is now the most recent
    v.set('c', claims(100));
    expect(v.size).toBe(2);
    expect(v.get('b', 0)).toBeUndefined();
    expect(v.get('a', 0)).toBeDefined();
    expect(v.get('c', 0)).toBeDefined();
  });
});

describe('verifyAccessToken with the per-process cache', () => {
  const secret = randomBytes(32).toString('hex');
  const now = new Date('2026-03-01T12:00:00Z');
  const principal = { userId: 'u1', tenantId: 't1', role: 'cashier' as const, ver: 2 };

  it('remembers a token once verified, under its own secret only', async () => {
    const token = await signAccessToken(secret, principal, now);
    expect(knownAccessToken(secret, token, now.getTime())).toBeUndefined();
    expect((await verifyAccessToken(secret, token, now))?.ver).toBe(2);
    expect(knownAccessToken(secret, token, now.getTime())?.userId).toBe('u1');
    // Another secret (another deployment in the same process) verifies for itself and refuses.
    const other = randomBytes(32).toString('hex');
    expect(knownAccessToken(other, token, now.getTime())).toBeUndefined();
    expect(await verifyAccessToken(other, token, now)).toBeNull();
  });

  it('never remembers an invalid token, and refuses a remembered one once expired', async () => {
    const token = await signAccessToken(secret, principal, now);
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await verifyAccessToken(secret, forged, now)).toBeNull();
    expect(knownAccessToken(secret, forged, now.getTime())).toBeUndefined();
    expect(await verifyAccessToken(secret, token, now)).not.toBeNull();
    const later = new Date(now.getTime() + 15 * 60 * 1000);
    expect(await verifyAccessToken(secret, token, later)).toBeNull();
  });
});

describe('a cached token still passes the access lookup (real Postgres)', () => {
  let db: TestDb;
  let api: Api;
  let secret: string;

  beforeAll(async () => {
    db = await createTestDb();
    const t = testApp(db.sql);
    secret = t.platform.config.JWT_SECRET;
    api = apiClient(async (path, init) => t.app.request(path, init));
  });
  afterAll(() => db.drop());

  it('refuses a deactivated user whose token the cache still holds', async () => {
    const owner = await newTenant(api);
    const user = await staff(api, owner.token, 'cashier');
    expect((await api.json('GET', '/api/v1/me', undefined, user.token)).status).toBe(200);
    expect(knownAccessToken(secret, user.token, Date.now())).toBeDefined();
    const off = await api.json('PATCH', `/api/v1/users/${user.id}`, { active: false }, owner.token);
    expect(off.status).toBe(200);
    // The signature check is skipped (the token is still remembered); the access lookup is not.
    expect(knownAccessToken(secret, user.token, Date.now())).toBeDefined();
    const me = await api.json('GET', '/api/v1/me', undefined, user.token);
    expect(me.status).toBe(401);
  });

  it('gives a demoted user the new role on a cache hit', async () => {
    const owner = await newTenant(api);
    const user = await staff(api, owner.token, 'manager');
    expect((await api.json('GET', '/api/v1/users', undefined, user.token)).status).toBe(200);
    const demote = await api.json(
      'PATCH',
      `/api/v1/users/${user.id}`,
      { role: 'kitchen' },
      owner.token,
    );
    expect(demote.status).toBe(200);
    expect(knownAccessToken(secret, user.token, Date.now())?.role).toBe('manager');
    expect((await api.json('GET', '/api/v1/users', undefined, user.token)).status).toBe(403);
  });
});
