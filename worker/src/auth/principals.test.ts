import { describe, expect, it } from 'vitest';
import { type Access, AccessCache, admit, type TokenClaims } from './principals';

const T = 'tenant';
const claims = (over: Partial<TokenClaims> = {}): TokenClaims => ({
  userId: 'u1',
  tenantId: T,
  role: 'manager',
  ver: 3,
  exp: 0,
  ...over,
});
const access = (over: Partial<Access> = {}): Access => ({
  role: 'manager',
  active: true,
  tokenVersion: 3,
  ...over,
});

describe('admit', () => {
  it.each([
    ['a current token', access(), 'manager'],
    ['a demoted user (the current role applies)', access({ role: 'kitchen' }), 'kitchen'],
    ['a deleted user', null, null],
    ['a deactivated user', access({ active: false }), null],
    ['a token from before a password or PIN change', access({ tokenVersion: 4 }), null],
  ])('%s', (_name, a, role) => {
    const p = admit(claims(), a);
    expect(p?.role ?? null).toBe(role);
  });
});

describe('AccessCache', () => {
  const clock = { t: 0 };
  const cache = (ttlMs = 1000, maxEntries = 100) =>
    new AccessCache({ ttlMs, maxEntries, now: () => clock.t });

  it('loads a user once, then answers from memory until the entry expires', async () => {
    const c = cache();
    let loads = 0;
    const load = async () => {
      loads++;
      return access();
    };
    await c.get(T, 'u1', load);
    await c.get(T, 'u1', load);
    expect(loads).toBe(1);
    clock.t += 1000;
    await c.get(T, 'u1', load);
    expect(loads).toBe(2);
  });

  it('shares one load between concurrent misses', async () => {
    const c = cache();
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((ok) => setTimeout(ok, 5));
      return access();
    };
    await Promise.all([c.get(T, 'u1', load), c.get(T, 'u1', load), c.get(T, 'u1', load)]);
    expect(loads).toBe(1);
  });

  it('reads again after an invalidation, and never caches a load that raced one', async () => {
    const c = cache();
    let release!: () => void;
    const slow = () =>
      new Promise<Access>((ok) => {
        release = () => ok(access({ role: 'manager' }));
      });
    const racing = c.get(T, 'u1', slow);
    // The demotion commits and is announced while the old row is still on its way.
    c.invalidate(T, 'u1');
    release();
    expect((await racing)?.role).toBe('manager');
    const now = await c.get(T, 'u1', async () => access({ role: 'kitchen' }));
    expect(now?.role).toBe('kitchen');
  });

  it('forgets everything on clear and stays within maxEntries', async () => {
    const c = cache(10_000, 2);
    for (const u of ['a', 'b', 'c']) await c.get(T, u, async () => access());
    expect(c.size).toBe(2);
    c.clear();
    expect(c.size).toBe(0);
  });

  it('does not cache a failed load', async () => {
    const c = cache();
    await expect(
      c.get(T, 'u1', async () => {
        throw new Error('db down');
      }),
    ).rejects.toThrow('db down');
    expect((await c.get(T, 'u1', async () => access()))?.active).toBe(true);
  });
});
