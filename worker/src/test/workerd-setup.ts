/**
 * vitest globalSetup of the 'workerd' project: one fresh migrated database and one real workerd
 * (wrangler's unstable_startWorker over wrangler.toml) for the whole run; tests reach it over HTTP.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { unstable_startWorker } from 'wrangler';
import { createTestDb } from './db';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the worker under test, e.g. http://127.0.0.1:41234 ('' when skipped). */
    workerUrl: string;
    /** The JWT_SECRET the worker signs with (the contract forges tokens with it). */
    workerJwtSecret: string;
    /** The worker's database, for tests that seed or inspect rows directly. */
    workerDatabaseUrl: string;
    /** Why the workerd tests are skipped, or '' when they run. */
    workerdSkip: string;
  }
}

// A Hyperdrive binding would win over DATABASE_URL in the worker; if wrangler.toml has one, wrangler
// takes its local connection string from this variable, so it points at the test database too.
const HYPERDRIVE_VAR = 'CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE';

export default async function setup(project: TestProject) {
  const db = await createTestDb({ max: 1 });
  if (db.kind !== 'postgres') {
    // Embedded PGlite serves one connection at a time; workerd opens one per request. Without a
    // Postgres (CI has one and sets COMANDA_TEST_REQUIRE_PG=1) these tests are skipped, not failed.
    await db.drop();
    project.provide('workerdSkip', 'no Postgres reachable (embedded PGlite cannot serve workerd)');
    project.provide('workerUrl', '');
    project.provide('workerJwtSecret', '');
    project.provide('workerDatabaseUrl', '');
    return;
  }
  // The setup's own connection is not needed while the worker runs.
  await db.sql.end({ timeout: 1 });

  const previousHyperdrive = process.env[HYPERDRIVE_VAR];
  // Hyperdrive's local mode insists on a password in the URL; trust auth ignores it.
  process.env[HYPERDRIVE_VAR] = db.url.replace('postgres://postgres@', 'postgres://postgres:x@');

  const jwtSecret = randomBytes(32).toString('hex');
  const text = (value: string) => ({ type: 'plain_text' as const, value });
  let worker: Awaited<ReturnType<typeof unstable_startWorker>> | undefined;
  try {
    worker = await unstable_startWorker({
      config: 'wrangler.toml',
      dev: {
        server: { hostname: '127.0.0.1', port: 0 },
        inspector: false,
        persist: false,
        watch: false,
        logLevel: 'warn',
      },
      // Explicit bindings win over wrangler.toml [vars] and a developer's .dev.vars.
      bindings: {
        DATABASE_URL: text(db.url),
        JWT_SECRET: text(jwtSecret),
        TRUST_PROXY: text('true'), // the throttle tests name their client with X-Forwarded-For
        BCRYPT_COST: text('10'),
        REALTIME_PING_MS: text('400'), // the TenantHub heartbeat, shortened for realtime.workerd.test.ts
        ALLOW_SIGNUP: text('true'),
      },
    });
    await worker.ready;
    const url = await worker.url;
    project.provide('workerUrl', url.origin);
  } catch (e) {
    await worker?.dispose();
    await db.drop();
    throw e;
  }
  project.provide('workerJwtSecret', jwtSecret);
  project.provide('workerDatabaseUrl', db.url);
  project.provide('workerdSkip', '');

  return async () => {
    await worker?.dispose();
    if (previousHyperdrive === undefined) delete process.env[HYPERDRIVE_VAR];
    else process.env[HYPERDRIVE_VAR] = previousHyperdrive;
    await db.drop(); // `with (force)` also ends any connection workerd left behind
  };
}
