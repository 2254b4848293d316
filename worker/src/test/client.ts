/**
 * A tiny HTTP client the contract tests share, so one test file can run against app.request()
 * (Node, in-process) and against a real server (workerd under wrangler) alike. Under vitest it
 * checks every answer against the OpenAPI description (conformance.ts).
 */
export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

export interface Api {
  fetch: Fetcher;
  json(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<Response>;
  form(
    path: string,
    fields: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<Response>;
}

/** Under vitest every answer is checked against the OpenAPI description (benchmarks skip it). */
const conformance = typeof process !== 'undefined' && process.env.VITEST !== undefined;

function checked(fetcher: Fetcher): Fetcher {
  if (!conformance) return fetcher;
  return async (path, init) => {
    const res = await fetcher(path, init);
    const { checkAnswer } = await import('./conformance');
    await checkAnswer(init?.method ?? 'GET', path, res);
    return res;
  };
}

export function apiClient(raw: Fetcher): Api {
  const fetcher = checked(raw);
  return {
    fetch: fetcher,
    json(method, path, body, token, headers = {}) {
      return fetcher(path, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
    },
    form(path, fields, headers = {}) {
      return fetcher(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    },
  };
}

let counter = 0;
export const uniq = (prefix = 't') =>
  `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/** Signs up a fresh tenant and logs its owner in. */
export async function newTenant(api: Api, extra: Record<string, unknown> = {}) {
  const slug = uniq('s');
  const email = `${slug}@owner.test`;
  const password = 'correct horse';
  const res = await api.json('POST', '/api/v1/tenants', {
    name: `Tenant ${slug}`,
    slug,
    currency: 'EUR',
    owner: { email, password, name: 'Owner' },
    ...extra,
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { tenant: { id: string; slug: string }; user: { id: string } };
  const token = await login(api, email, password);
  return { ...body, email, password, token: token.access_token, refresh: token.refresh_token };
}

export async function login(
  api: Api,
  email: string,
  password: string,
  headers: Record<string, string> = {},
) {
  const res = await api.form(
    '/api/v1/auth/token',
    { grant_type: 'password', username: email, password },
    headers,
  );
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { access_token: string; refresh_token: string; expires_in: number };
}

/** Creates a user of `role` in the tenant of `ownerToken` and logs them in. */
export async function staff(api: Api, ownerToken: string, role: string) {
  const email = `${uniq(role)}@staff.test`;
  const password = 'staff-password';
  const res = await api.json(
    'POST',
    '/api/v1/users',
    { email, name: role, role, password },
    ownerToken,
  );
  if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${await res.text()}`);
  const user = (await res.json()) as { id: string };
  const t = await login(api, email, password);
  return { id: user.id, email, password, token: t.access_token };
}
