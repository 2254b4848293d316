import { createMiddleware } from 'hono/factory';
import { requestHash } from './canonical';
import type { AppEnv } from './env';
import { badRequest, conflict } from './errors';

/** A claim not finished within this long is taken to be from a request that died mid-way. */
const STALE_SECONDS = 60;
const keyPattern = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` for POSTs without a client id (docs/api.md, Idempotency; Stripe's semantics). Keys
 * are scoped to the tenant; mount after requireAuth. The first request claims the key (a row with
 * status 0), runs, and stores a 2xx JSON response; the same key with the same method, path and body
 * (compared as parsed JSON) replays it with `Idempotent-Replayed: true` and runs nothing; a
 * different request is 409 `idempotency-mismatch`; one still running is 409
 * `idempotency-in-progress`. Failed requests (4xx/5xx) release the key, so a retry runs afresh:
 * they changed nothing, as every write here is one transaction.
 */
export const idempotent = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return next();
  if (!keyPattern.test(key)) {
    throw badRequest('The Idempotency-Key header must be 1–255 visible ASCII characters.', [
      { path: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' },
    ]);
  }
  const tenantId = c.get('principal').tenantId;
  const raw = await c.req.text();
  let body: unknown = raw;
  try {
    body = raw === '' ? null : JSON.parse(raw);
  } catch {
    // Not JSON: hashed as text; the validator answers 400 and the claim is released.
  }
  const hash = await requestHash({ method: c.req.method, path: c.req.path, body });
  const sql = c.get('sql');

  const claimed = await sql`
    insert into idempotency_keys (tenant_id, key, request_hash, status, body)
    values (${tenantId}, ${key}, ${hash}, 0, 'null'::jsonb)
    on conflict (tenant_id, key) do nothing
    returning key`;
  if (!claimed.length) {
    const [row] = await sql<
      { request_hash: string; status: number; body: unknown; stale: boolean }[]
    >`
      select request_hash, status, body,
             created_at < now() - make_interval(secs => ${STALE_SECONDS}) as stale
      from idempotency_keys where tenant_id = ${tenantId} and key = ${key}`;
    if (row && row.request_hash !== hash) {
      throw conflict(
        'This Idempotency-Key was already used with a different request.',
        'idempotency-mismatch',
      );
    }
    if (row && row.status !== 0) {
      c.header('Idempotent-Replayed', 'true');
      return c.json(row.body as object, row.status as 200);
    }
    const taken = row?.stale
      ? await sql`
          update idempotency_keys set created_at = now()
          where tenant_id = ${tenantId} and key = ${key} and status = 0
            and created_at < now() - make_interval(secs => ${STALE_SECONDS})
          returning key`
      : [];
    if (!taken.length) {
      throw conflict(
        'A request with this Idempotency-Key is still being processed; retry shortly.',
        'idempotency-in-progress',
      );
    }
  }

  const release = () =>
    sql`delete from idempotency_keys where tenant_id = ${tenantId} and key = ${key} and status = 0`;
  try {
    await next();
  } catch (e) {
    await release().catch(() => {});
    throw e;
  }
  const res = c.res;
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  if (res.status >= 200 && res.status < 300 && isJson) {
    const stored = await res.clone().json();
    await sql`
      update idempotency_keys set status = ${res.status}, body = ${sql.json(stored as never)}
      where tenant_id = ${tenantId} and key = ${key}`;
  } else {
    await release();
  }
});
