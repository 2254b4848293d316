import { createSignal } from 'solid-js';
import type { Me, TokenResponse } from './types';

/**
 * The signed-in staff member on this device. Kept in localStorage so a POS tablet that reloads
 * while offline still knows who it is and which tenant's catalog to show; the refresh token lives
 * 30 days, so a tablet survives a weekend.
 */
export interface Session {
  access_token: string;
  refresh_token: string;
  /** Epoch ms when the access token expires. */
  expires_at: number;
  me: Me;
}

const KEY = 'comanda.session';

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

const [session, setSessionSignal] = createSignal<Session | null>(read());

export { session };

export function saveSession(s: Session | null): void {
  if (s) {
    localStorage.setItem(KEY, JSON.stringify(s));
    keepSession(s);
  } else localStorage.removeItem(KEY);
  setSessionSignal(s);
}

/**
 * Sessions of everyone who signed in on this device, by user id: on a shared tablet the outbox
 * sends what a cashier queued under that cashier, even after someone else has switched in.
 */
const USERS_KEY = 'comanda.sessions';

export function keptSessions(): Record<string, Session> {
  try {
    return JSON.parse(localStorage.getItem(USERS_KEY) ?? '{}') as Record<string, Session>;
  } catch {
    return {};
  }
}

export function keepSession(s: Session): void {
  localStorage.setItem(USERS_KEY, JSON.stringify({ ...keptSessions(), [s.me.user.id]: s }));
}

export function forgetSession(userId: string): void {
  const all = keptSessions();
  delete all[userId];
  localStorage.setItem(USERS_KEY, JSON.stringify(all));
}

/**
 * The tenant's settings changed (saved in Settings, or learnt from a catalog sync): every stored
 * session of that tenant carries them from now on, so a reload, even offline, starts with them.
 * The signal keeps its object: a new one would remount the staff screens (StaffApp keys them on
 * the session) and lose what they hold; the staff context already shows the new settings.
 */
export function rememberTenant(tenant: Me['tenant']): void {
  const withTenant = (s: Session): Session =>
    s.me.tenant.id === tenant.id ? { ...s, me: { ...s.me, tenant } } : s;
  const current = read();
  if (current) localStorage.setItem(KEY, JSON.stringify(withTenant(current)));
  const all = Object.fromEntries(
    Object.entries(keptSessions()).map(([id, s]) => [id, withTenant(s)]),
  );
  localStorage.setItem(USERS_KEY, JSON.stringify(all));
}

/** Re-reads storage: another tab may have rotated the refresh token meanwhile. */
export function reloadSession(): Session | null {
  const s = read();
  setSessionSignal(s);
  return s;
}

export function fromTokens(t: TokenResponse, me: Me, now = Date.now()): Session {
  return {
    access_token: t.access_token,
    refresh_token: t.refresh_token,
    expires_at: now + t.expires_in * 1000,
    me,
  };
}

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key === KEY) setSessionSignal(read());
  });
}
