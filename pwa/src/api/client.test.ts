import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from './client';
import { saveSession, session } from './session';
import { testTenant } from './test-tenant';
import type { Me } from './types';

const me: Me = {
  user: { id: 'u', email: 'c@x.test', name: 'C', role: 'cashier' },
  tenant: testTenant({ tax_confirmed: false }),
};

type Call = { url: string; auth?: string; body?: string };

function fakeServer(opts: { refreshStatus?: number; rejectToken?: string } = {}) {
  const calls: Call[] = [];
  let issued = 0;
  const fetchMock = vi.fn(async (url: string, init: RequestInit = {}) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    calls.push({ url, auth: headers.authorization, body: init.body as string | undefined });
    if (url.endsWith('/auth/token')) {
      await new Promise((r) => setTimeout(r, 5));
      if (opts.refreshStatus) {
        return new Response(JSON.stringify({ error: 'invalid_grant' }), {
          status: opts.refreshStatus,
        });
      }
      issued++;
      return Response.json({
        access_token: `fresh-${issued}`,
        token_type: 'bearer',
        expires_in: 900,
        refresh_token: `r-${issued}`,
      });
    }
    if (headers.authorization === `Bearer ${opts.rejectToken}`) {
      return new Response('{}', { status: 401 });
    }
    return Response.json({ ok: true, auth: headers.authorization });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls };
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  vi.unstubAllGlobals();
  saveSession(null);
});

describe('silent token refresh', () => {
  it('refreshes an access token about to expire, once for concurrent calls', async () => {
    saveSession({ access_token: 'old', refresh_token: 'r-0', expires_at: Date.now() + 5_000, me });
    const { calls } = fakeServer();
    const [a, b] = await Promise.all([
      api<{ auth: string }>('GET', '/orders'),
      api<{ auth: string }>('GET', '/catalog'),
    ]);
    expect(a.auth).toBe('Bearer fresh-1');
    expect(b.auth).toBe('Bearer fresh-1');
    const refreshes = calls.filter((c) => c.url.endsWith('/auth/token'));
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.body).toContain('grant_type=refresh_token');
    expect(refreshes[0]!.body).toContain('refresh_token=r-0');
    expect(session()?.refresh_token).toBe('r-1');
    expect(JSON.parse(localStorage.getItem('comanda.session')!).access_token).toBe('fresh-1');
  });

  it('retries once with a fresh token after a 401', async () => {
    saveSession({
      access_token: 'revoked',
      refresh_token: 'r-0',
      expires_at: Date.now() + 600_000,
      me,
    });
    const { calls } = fakeServer({ rejectToken: 'revoked' });
    const res = await api<{ auth: string }>('GET', '/orders');
    expect(res.auth).toBe('Bearer fresh-1');
    expect(calls.map((c) => c.url.replace('/api/v1', ''))).toEqual([
      '/orders',
      '/auth/token',
      '/orders',
    ]);
  });

  it('signs out when the refresh token is refused', async () => {
    saveSession({ access_token: 'old', refresh_token: 'r-0', expires_at: Date.now() - 1, me });
    fakeServer({ refreshStatus: 400 });
    await api('GET', '/orders');
    expect(session()).toBeNull();
    expect(localStorage.getItem('comanda.session')).toBeNull();
  });
});
