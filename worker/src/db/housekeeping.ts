import type { Sql } from './client';

export const EVENT_RETENTION_MS = 7 * 24 * 3600 * 1000;
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600 * 1000;

/**
 * Deletes what has outlived its purpose: events past the 7-day replay window (clients older than
 * that resync anyway), Idempotency-Key records older than a day (Stripe's own horizon) and login
 * throttle windows that have closed (each row knows its length). Money rows are never touched.
 */
export async function purgeExpired(sql: Sql, now: Date) {
  const at = now.getTime();
  const [events] = await sql<{ n: number }[]>`
    with d as (delete from events where at < ${new Date(at - EVENT_RETENTION_MS)} returning 1)
    select count(*)::int as n from d`;
  const [keys] = await sql<{ n: number }[]>`
    with d as (delete from idempotency_keys where created_at < ${new Date(at - IDEMPOTENCY_KEY_TTL_MS)} returning 1)
    select count(*)::int as n from d`;
  const [throttles] = await sql<{ n: number }[]>`
    with d as (delete from auth_throttle
               where window_start + window_seconds * interval '1 second' < ${now} returning 1)
    select count(*)::int as n from d`;
  return { events: events!.n, idempotencyKeys: keys!.n, throttles: throttles!.n };
}
