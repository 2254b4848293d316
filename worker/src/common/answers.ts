/**
 * What every answer carries, shared by the app's first middleware (app.ts) and Node's fast path
 * (runtime/fast-path.ts), so both answer alike.
 */

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's X-Request-Id when it is a sane one, else a fresh one. */
export const requestIdOf = (incoming: string | undefined): string =>
  incoming && requestIdPattern.test(incoming) ? incoming : crypto.randomUUID();

/** GET /healthz: the process is up (readiness, database included, is /readyz). */
export const HEALTH = {
  status: 200,
  headers: { 'Content-Type': 'application/json' },
  body: new TextEncoder().encode(JSON.stringify({ status: 'ok' })),
} as const;
