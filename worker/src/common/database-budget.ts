import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';

/**
 * One database handle per request (the pool on Node, a fresh client on workerd), within a time
 * budget. While the database is away the driver queues queries and reconnects with back-off:
 * without a bound a request would wait for its return. Past `timeoutMs` the client gets
 * `unavailable(c)` (a 503 with Retry-After) instead; every write is idempotent by client id, so its
 * retry is safe even if the abandoned handler commits later.
 */
export function databaseBudget(
  timeoutMs: number,
  unavailable: (c: Context<AppEnv>) => Response | Promise<Response>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const platform = c.get('platform');
    const sql = platform.sql.open();
    c.set('sql', sql);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const handled = next().then(
      () => 'done' as const,
      (e: unknown) => {
        if (timedOut) return 'done' as const; // already answered; the late failure changes nothing
        throw e;
      },
    );
    const expired = new Promise<'timeout'>((ok) => {
      timer = setTimeout(() => {
        timedOut = true;
        ok('timeout');
      }, timeoutMs);
    });
    let outcome: 'done' | 'timeout';
    try {
      outcome = await Promise.race([handled, expired]);
    } catch (e) {
      await platform.sql.close(sql);
      throw e;
    } finally {
      clearTimeout(timer);
    }
    if (outcome === 'timeout') {
      c.res = await unavailable(c);
      void handled.finally(() => platform.sql.close(sql));
      return;
    }
    await platform.sql.close(sql);
  };
}
