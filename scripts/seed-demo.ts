/**
 * `npm run seed-demo`: creates the demo tenant "demo" (menu, tables, one login per role) in
 * DATABASE_URL, or in the embedded PGlite under DATA_DIR when it is unset. Migrates first, so a
 * fresh database works. Running it again changes nothing. Stop a server that uses the same
 * embedded DATA_DIR first (PGlite serves one process).
 */

import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseConfig } from '../worker/src/config';
import { createSql } from '../worker/src/db/client';
import { MigrationError, migrate } from '../worker/src/db/migrate';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../worker/src/demo/seed';
import { type EmbeddedDb, startEmbeddedDb } from '../worker/src/runtime/embedded-db';
import { loadEnvFile } from '../worker/src/runtime/env-file';
import { readMigrations } from '../worker/src/runtime/migrations-fs';
import { nodePasswords } from '../worker/src/runtime/node-platform';

export async function runSeedDemo(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void = console.log,
): Promise<boolean> {
  const config = parseConfig(env);
  let db: EmbeddedDb | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    db = await startEmbeddedDb(resolve(join(config.DATA_DIR, 'pgdata')));
    url = db.url;
  }
  const sql = createSql(url, { max: 1, connectTimeoutSeconds: 5 });
  try {
    await migrate(sql, readMigrations());
    const created = await seedDemo(sql, nodePasswords(config.BCRYPT_COST));
    log(
      created
        ? `Created the demo tenant "demo"; logins (password ${DEMO_PASSWORD}):`
        : `The demo tenant "demo" already exists; logins (password ${DEMO_PASSWORD}):`,
    );
    for (const u of DEMO_LOGINS) log(`  ${u.role.padEnd(8)} ${u.email}`);
    return created;
  } finally {
    await sql.end({ timeout: 2 });
    await db?.stop();
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  loadEnvFile(resolve('config.env'));
  runSeedDemo(process.env).then(
    () => process.exit(0),
    (e: unknown) => {
      if (e instanceof ConfigError || e instanceof MigrationError) console.error(e.message);
      else console.error('Seeding the demo failed:', e);
      process.exit(1);
    },
  );
}
