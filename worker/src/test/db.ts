import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createSql, type Sql } from '../db/client';
import { migrate } from '../db/migrate';
import { startEmbeddedDb } from '../runtime/embedded-db';
import { readMigrations } from '../runtime/migrations-fs';

export const ADMIN_URL =
  process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDb {
  url: string;
  sql: Sql;
  kind: 'postgres' | 'pglite';
  drop(): Promise<void>;
}

async function postgresReachable(): Promise<boolean> {
  const admin = postgres(ADMIN_URL, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await admin`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await admin.end({ timeout: 1 });
  }
}

/**
 * A fresh, migrated database for one test file: on the local Postgres when it answers (CI insists
 * with COMANDA_TEST_REQUIRE_PG=1), else on an embedded PGlite, so `npm test` runs anywhere.
 */
export async function createTestDb(options: { max?: number } = {}): Promise<TestDb> {
  if (await postgresReachable()) {
    const name = `comanda_t_${randomBytes(6).toString('hex')}`;
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
    const sql = createSql(url, { max: options.max ?? 10 });
    await migrate(sql, readMigrations());
    return {
      url,
      sql,
      kind: 'postgres',
      async drop() {
        await sql.end({ timeout: 1 });
        const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
        await a.unsafe(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  if (process.env.COMANDA_TEST_REQUIRE_PG === '1') {
    throw new Error(`COMANDA_TEST_REQUIRE_PG=1 but Postgres at ${ADMIN_URL} is unreachable`);
  }
  const dir = `${process.env.TMPDIR ?? '/tmp'}/comanda-pglite-${randomBytes(6).toString('hex')}`;
  const db = await startEmbeddedDb(dir);
  const sql = createSql(db.url, { max: 1 });
  await migrate(sql, readMigrations());
  return {
    url: db.url,
    sql,
    kind: 'pglite',
    async drop() {
      await sql.end({ timeout: 1 });
      await db.stop();
    },
  };
}
