import {
  forgetSession,
  fromTokens,
  keepSession,
  keptSessions,
  reloadSession,
  type Session,
  saveSession,
  session,
} from './session';
import type { Me, TokenResponse } from './types';

/** The API answered with an error (problem+json, or an OAuth error body on /auth). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: {
      type?: string;
      title?: string;
      detail?: string;
      error?: string;
      error_description?: string;
    },
  ) {
    super(body.detail ?? body.error_description ?? body.title ?? body.error ?? `HTTP ${status}`);
  }
}

/** No answer at all: offline, DNS, connection refused. The caller may queue and retry. */
export class NetworkError extends Error {}

const BASE = '/api/v1';

async function send(input: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (e) {
    throw new NetworkError(e instanceof Error ? e.message : String(e));
  }
}

async function parse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiError(res.status, body ?? {});
  return body as T;
}

async function tokenRequest(form: Record<string, string>): Promise<TokenResponse> {
  const res = await send(`${BASE}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return parse<TokenResponse>(res);
}

/** Password grant, then /me: the role decides where the user lands. */
export async function login(email: string, password: string): Promise<Session> {
  const tokens = await tokenRequest({ grant_type: 'password', username: email, password });
  const me = await parse<Me>(
    await send(`${BASE}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } }),
  );
  const s = fromTokens(tokens, me);
  saveSession(s);
  return s;
}

export async function logout(): Promise<void> {
  const s = session();
  saveSession(null);
  if (s) forgetSession(s.me.user.id);
  if (s) {
    await send(`${BASE}/auth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: s.refresh_token }).toString(),
    }).catch(() => {});
  }
}

let refreshing: Promise<Session | null> | null = null;

async function doRefresh(stale: Session): Promise<Session | null> {
  // Another tab may have rotated the token already: reusing a rotated one revokes the family.
  const current = reloadSession();
  if (!current) return null;
  if (current.refresh_token !== stale.refresh_token) return current;
  try {
    const t = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: current.refresh_token,
    });
    const next = fromTokens(t, current.me);
    saveSession(next);
    return next;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 400 || e.status === 401)) {
      saveSession(null); // the refresh token is gone: sign in again
      return null;
    }
    throw e;
  }
}

/** One refresh at a time, across tabs where the browser has Web Locks. */
export function refresh(stale: Session): Promise<Session | null> {
  if (!refreshing) {
    const run = () => doRefresh(stale);
    const locked =
      typeof navigator !== 'undefined' && navigator.locks
        ? (navigator.locks.request('comanda-refresh', run) as unknown as Promise<Session | null>)
        : run();
    refreshing = locked.finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

/**
 * A valid access token, refreshed silently when it has less than `minValidityMs` left (the
 * realtime socket asks for more headroom, so it can hand the server a fresh one in time).
 */
export async function accessToken(minValidityMs = 30_000): Promise<string | null> {
  const s = session();
  if (!s) return null;
  if (s.expires_at - Date.now() > minValidityMs) return s.access_token;
  return (await refresh(s))?.access_token ?? null;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Raw body (image uploads); otherwise `body` is sent as JSON. */
  raw?: BodyInit;
  /** Return the Response itself (receipts, SVG, 304s). */
  response?: boolean;
  /**
   * Another user's access token for this one call (a manager's approval on a cashier's device):
   * sent as is, never refreshed or stored.
   */
  token?: string;
}

/** An authenticated API call. 401 → one silent refresh and retry. */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  opts: RequestOptions = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const token = opts.token ?? (await accessToken());
    const headers: Record<string, string> = { ...opts.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: BodyInit | undefined = opts.raw;
    if (body !== undefined && !opts.raw) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await send(`${BASE}${path}`, { method, headers, body: payload });
    if (res.status === 401 && attempt === 0 && !opts.token) {
      const s = session();
      if (s && (await refresh({ ...s, expires_at: 0 }))) continue;
    }
    if (opts.response) {
      if (!res.ok && res.status !== 304) await parse(res);
      return res as unknown as T;
    }
    return parse<T>(res);
  }
}

/** A token response by PIN on a registered device (quick switch, a manager's approval). */
export async function pinTokens(
  deviceToken: string,
  userId: string,
  pin: string,
): Promise<TokenResponse> {
  const res = await send(`${BASE}/auth/pin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-device-token': deviceToken },
    body: JSON.stringify({ user_id: userId, pin }),
  });
  return parse<TokenResponse>(res);
}

/** A token response by the password grant, without touching this device's session. */
export function passwordTokens(email: string, password: string): Promise<TokenResponse> {
  return tokenRequest({ grant_type: 'password', username: email, password });
}

/** Ends a refresh token's family (a one-off approval is over). */
export async function revokeToken(refreshToken: string): Promise<void> {
  await send(`${BASE}/auth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: refreshToken }).toString(),
  }).catch(() => {});
}

/** Signs in by PIN on a registered device: the new session replaces the current one. */
export async function pinLogin(deviceToken: string, userId: string, pin: string): Promise<Session> {
  const tokens = await pinTokens(deviceToken, userId, pin);
  const me = await parse<Me>(
    await send(`${BASE}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } }),
  );
  const s = fromTokens(tokens, me);
  saveSession(s);
  return s;
}

/**
 * An access token of another user who signed in on this device (the author of a queued
 * order), refreshed through their own refresh token when needed; null when this device holds
 * no usable session of theirs. The current session is never touched.
 */
export async function accessTokenFor(userId: string): Promise<string | null> {
  const kept = keptSessions()[userId];
  if (!kept) return null;
  if (kept.expires_at - Date.now() > 30_000) return kept.access_token;
  try {
    const t = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: kept.refresh_token,
    });
    const next = fromTokens(t, kept.me);
    keepSession(next);
    return next.access_token;
  } catch (e) {
    if (e instanceof ApiError) {
      forgetSession(userId);
      return null;
    }
    throw e;
  }
}
