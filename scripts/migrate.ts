/**
 * `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded PGlite under
 * DATA_DIR when it is unset. The Node server migrates at start-up by itself; this exists for
 * workerd (which has no start-up hook) and for operators who migrate before rolling out.
 */

import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseConfig } from '../worker/src/config';
import { createSql } from '../worker/src/db/client';
import { MigrationError, migrate } from '../worker/src/db/migrate';
import { type EmbeddedDb, startEmbeddedDb } from '../worker/src/runtime/embedded-db';
import { loadEnvFile } from '../worker/src/runtime/env-file';
import { readMigrations } from '../worker/src/runtime/migrations-fs';

/** The URL without its password, so error output can be pasted into an issue. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export async function runMigrate(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void = console.log,
): Promise<string[]> {
  const config = parseConfig(env);
  const migrations = readMigrations();
  let db: EmbeddedDb | undefined;
  let url = config.DATABASE_URL;
  let target = url ? redact(url) : '';
  if (!url) {
    // PGlite has no cross-process lock: a server running on the same DATA_DIR must be stopped first.
    const dir = resolve(join(config.DATA_DIR, 'pgdata'));
    db = await startEmbeddedDb(dir);
    url = db.url;
    target = `embedded PGlite under ${dir}`;
  }
  // PGlite serves one session; one connection is also all a migration needs.
  const sql = createSql(url, { max: 1, connectTimeoutSeconds: 5 });
  try {
    log(`Migrating ${target} (${migrations.length} migration file(s))`);
    const applied = await migrate(sql, migrations);
    if (applied.length) {
      log(`Applied ${applied.length} migration(s):`);
      for (const name of applied) log(`  ${name}`);
    } else {
      log('Nothing to apply: the database is up to date.');
    }
    return applied;
  } catch (e) {
    if (e instanceof MigrationError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new MigrationError(`Migrating ${target} failed: ${message}`);
  } finally {
    await sql.end({ timeout: 2 });
    await db?.stop();
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  // Same source of settings as `npm start`: config.env in the working directory, env wins.
  loadEnvFile(resolve('config.env'));
  runMigrate(process.env).then(
    () => process.exit(0),
    (e: unknown) => {
      if (e instanceof ConfigError || e instanceof MigrationError) console.error(e.message);
      else console.error('Migration failed:', e);
      process.exit(1);
    },
  );
}
