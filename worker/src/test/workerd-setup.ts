/**
 * vitest globalSetup of the 'workerd' project: one fresh migrated database and one real workerd
 * (wrangler's unstable_startWorker over wrangler.toml) for the whole run; tests reach it over HTTP.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { createTestDb } from './db';
import { startTestWorker, type TestWorker } from './worker';

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
  let worker: TestWorker | undefined;
  try {
    worker = await startTestWorker({
      DATABASE_URL: db.url,
      JWT_SECRET: jwtSecret,
      TRUST_PROXY: 'true', // the throttle tests name their client with X-Forwarded-For
      BCRYPT_COST: '10',
      SIGNUP_LIMIT: '0', // every test signs up tenants from 127.0.0.1
      REALTIME_PING_MS: '400', // the TenantHub heartbeat, shortened for realtime.workerd.test.ts
      ALLOW_SIGNUP: 'true',
    });
    project.provide('workerUrl', worker.url);
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
