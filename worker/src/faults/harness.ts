import { randomBytes } from 'node:crypto';
import { type Api, apiClient, newTenant } from '../test/client';
import { buildMenu, type Menu } from '../test/menu';

/** Every request a fault test makes and what came back (status 0: no response at all). */
export interface Exchange {
  method: string;
  path: string;
  body?: unknown;
  status: number;
  response?: unknown;
  ms: number;
}

/**
 * A recording HTTP client for a server that may die under it: network errors become status 0
 * instead of throwing, and every exchange is kept for the invariant checks afterwards.
 */
export function recorder(baseUrl: () => string) {
  const log: Exchange[] = [];
  const send = async (
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers: Record<string, string> = {},
    timeoutMs = 20_000,
  ): Promise<Exchange> => {
    const t0 = performance.now();
    let status = 0;
    let response: unknown;
    try {
      const res = await fetch(`${baseUrl()}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      const text = await res.text();
      try {
        response = JSON.parse(text);
      } catch {
        response = text;
      }
      if (status === 503)
        (response as Record<string, unknown>).__retryAfter = res.headers.get('retry-after');
    } catch (e) {
      response = { error: e instanceof Error ? e.name : String(e) };
    }
    const x = { method, path, body, status, response, ms: performance.now() - t0 };
    log.push(x);
    return x;
  };
  /** Sends until the server answers with one of `ok` (same body each time: idempotent replays). */
  const until = async (
    method: string,
    path: string,
    body: unknown,
    token: string,
    ok = [200, 201],
    deadlineMs = 60_000,
  ) => {
    const stop = Date.now() + deadlineMs;
    for (let attempt = 0; ; attempt++) {
      const x = await send(method, path, body, token);
      if (ok.includes(x.status)) return x;
      if (x.status >= 400 && x.status < 500 && x.status !== 429)
        throw new Error(`${method} ${path} → ${x.status} ${JSON.stringify(x.response)}`);
      if (Date.now() > stop) throw new Error(`${method} ${path} never succeeded; last ${x.status}`);
      await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 500)));
    }
  };
  return { log, send, until };
}

export async function tenantWithMenu(api: Api) {
  const t = await newTenant(api);
  const menu: Menu = await buildMenu(api, t.token);
  return { ...t, menu };
}

export const serverEnv = (databaseUrl: string, extra: Record<string, string> = {}) => ({
  DATABASE_URL: databaseUrl,
  JWT_SECRET: randomBytes(32).toString('hex'),
  BCRYPT_COST: '4',
  TRUST_PROXY: 'true',
  SIGNUP_LIMIT: '0', // tests sign up many tenants from one address
  ...extra,
});

export const httpApi = (url: () => string) =>
  apiClient((path, init) => fetch(`${url()}${path}`, init));

export const orderBody = (menu: Menu) => ({
  id: crypto.randomUUID(),
  type: 'takeaway' as const,
  lines: [
    {
      id: crypto.randomUUID(),
      product_id: menu.cake.id,
      quantity: 1 + Math.floor(Math.random() * 3),
    },
  ],
});
