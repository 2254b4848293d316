import type { Db } from '../db/client';

export const WINDOW_SECONDS = 15 * 60;

export interface ThrottleRule {
  key: string;
  limit: number;
}

/** Sign-ups per client address (SIGNUP_LIMIT) are counted over an hour. */
export const SIGNUP_WINDOW_SECONDS = 3600;

/** PIN limits: 5 per (device, user) locks that pair; 10 per user, whatever the devices, locks the user. */
export function pinRules(tenantId: string, deviceId: string, userId: string): ThrottleRule[] {
  return [
    { key: `pin:${deviceId}|${userId}`, limit: 5 },
    // Many devices must not multiply the guesses: a manager can create devices at will.
    { key: `pin-user:${tenantId}|${userId}`, limit: 10 },
  ];
}

/** Login limits (docs/api.md, Basics): strict per account+address, loose per account and per address. */
export function loginRules(email: string, address: string): ThrottleRule[] {
  return [
    { key: `login:acct-addr:${email}|${address}`, limit: 10 },
    { key: `login:acct:${email}`, limit: 100 },
    { key: `login:addr:${address}`, limit: 300 },
  ];
}

// Keys known to be over their limit, so a flood is refused without touching the database at all.
const blockedUntil = new Map<string, number>();

/**
 * Counts this attempt against every rule *before* any password is hashed, atomically, so that even
 * a burst of concurrent requests gets at most `limit` hashes per window. Returns the seconds to wait
 * when any rule is over its limit, or null when the attempt may proceed.
 */
export async function takeAttempt(
  db: Db,
  rules: ThrottleRule[],
  now: Date,
  windowSeconds = WINDOW_SECONDS,
): Promise<number | null> {
  const nowMs = now.getTime();
  for (const r of rules) {
    const until = blockedUntil.get(r.key);
    if (until !== undefined) {
      if (until > nowMs) return Math.ceil((until - nowMs) / 1000);
      blockedUntil.delete(r.key);
    }
  }
  // Sorted keys: concurrent statements lock rows in the same order, so they never deadlock.
  const keys = rules.map((r) => r.key).sort();
  const windowStart = new Date(nowMs - windowSeconds * 1000);
  const rows = await db<{ key: string; attempts: number; window_start: Date }[]>`
    insert into auth_throttle (key, attempts, window_start, window_seconds)
    select k, 1, ${now}, ${windowSeconds} from unnest(${keys}::text[]) as k order by k
    on conflict (key) do update set
      attempts = case when auth_throttle.window_start <= ${windowStart} then 1
                      else auth_throttle.attempts + 1 end,
      window_start = case when auth_throttle.window_start <= ${windowStart} then ${now}
                          else auth_throttle.window_start end
    returning key, attempts, window_start`;
  let wait: number | null = null;
  for (const row of rows) {
    const rule = rules.find((r) => r.key === row.key)!;
    if (row.attempts > rule.limit) {
      const until = row.window_start.getTime() + windowSeconds * 1000;
      if (blockedUntil.size > 50_000) blockedUntil.clear();
      blockedUntil.set(row.key, until);
      wait = Math.max(wait ?? 0, Math.max(1, Math.ceil((until - nowMs) / 1000)));
    }
  }
  return wait;
}

/** A success clears the strict counter and gives back the attempt it took from the loose ones. */
export async function forgiveAttempt(db: Db, rules: ThrottleRule[]): Promise<void> {
  const [strict, ...loose] = rules;
  if (strict) {
    await db`delete from auth_throttle where key = ${strict.key}`;
    blockedUntil.delete(strict.key);
  }
  const keys = loose.map((r) => r.key);
  if (keys.length) {
    await db`update auth_throttle set attempts = greatest(attempts - 1, 0)
             where key = any(${keys}::text[])`;
  }
}
