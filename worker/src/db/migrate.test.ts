import { createHash, randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedDb } from '../runtime/embedded-db';
import { readMigrations } from '../runtime/migrations-fs';
import { ADMIN_URL } from '../test/db';
import { createSql, type Sql } from './client';
import { type Migration, MigrationError, migrate } from './migrate';

/**
 * createTestDb() hands out an already migrated database; these tests need an empty one, made the
 * same way (a scratch database on the local Postgres, or an embedded PGlite without it).
 */
interface FreshDb {
  url: string;
  kind: 'postgres' | 'pglite';
  /** A new client; each one is its own session, which the lock test needs. */
  client(): Sql;
  drop(): Promise<void>;
}

async function freshDb(): Promise<FreshDb> {
  const clients: Sql[] = [];
  const admin = postgres(ADMIN_URL, { max: 1, connect_timeout: 2, onnotice: () => {} });
  let reachable = true;
  const name = `comanda_m_${randomBytes(6).toString('hex')}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (e) {
    if (process.env.COMANDA_TEST_REQUIRE_PG === '1') throw e;
    reachable = false;
  } finally {
    await admin.end({ timeout: 1 });
  }
  if (reachable) {
    const url = ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
    return {
      url,
      kind: 'postgres',
      client() {
        const sql = createSql(url, { max: 1 });
        clients.push(sql);
        return sql;
      },
      async drop() {
        await Promise.all(clients.map((c) => c.end({ timeout: 1 })));
        const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
        await a.unsafe(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const db = await startEmbeddedDb(
    `${process.env.TMPDIR ?? '/tmp'}/comanda-pglite-${randomBytes(6).toString('hex')}`,
  );
  return {
    url: db.url,
    kind: 'pglite',
    client() {
      const sql = createSql(db.url, { max: 1 });
      clients.push(sql);
      return sql;
    },
    async drop() {
      await Promise.all(clients.map((c) => c.end({ timeout: 1 })));
      await db.stop();
    },
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// b depends on a: applying them out of order fails, which is how the order test proves the sort.
const a: Migration = {
  name: '20260101000000_create_parent.sql',
  sql: 'create table parent (id int primary key);',
};
const b: Migration = {
  name: '20260102000000_create_child.sql',
  sql: 'create table child (id int primary key, parent_id int references parent(id));',
};
const c: Migration = {
  name: '20260103000000_add_column.sql',
  sql: 'alter table child add column note text;',
};

async function appliedRows(sql: Sql) {
  return sql<{ name: string; checksum: string }[]>`
    select name, checksum from schema_migrations order by applied_at, name`;
}

async function tableExists(sql: Sql, table: string): Promise<boolean> {
  const [row] = await sql<{ exists: boolean }[]>`
    select to_regclass(${table}) is not null as exists`;
  return row!.exists;
}

let db: FreshDb | undefined;
afterEach(async () => {
  await db?.drop();
  db = undefined;
});

describe('migrate()', () => {
  it('applies files in name order whatever order they are given in, and records checksums', async () => {
    db = await freshDb();
    const sql = db.client();
    const applied = await migrate(sql, [c, b, a]);
    expect(applied).toEqual([a.name, b.name, c.name]);
    const rows = await appliedRows(sql);
    expect(rows).toEqual([a, b, c].map((m) => ({ name: m.name, checksum: sha256(m.sql) })));
    expect(await tableExists(sql, 'child')).toBe(true);
  });

  it('is idempotent: a second run applies nothing and records nothing twice', async () => {
    db = await freshDb();
    const sql = db.client();
    await migrate(sql, [a, b]);
    expect(await migrate(sql, [a, b])).toEqual([]);
    expect(await migrate(sql, [a, b, c])).toEqual([c.name]);
    expect((await appliedRows(sql)).map((r) => r.name).sort()).toEqual(
      [a.name, b.name, c.name].sort(),
    );
  });

  it('stops on an applied file whose text changed, naming it, and applies nothing else', async () => {
    db = await freshDb();
    const sql = db.client();
    await migrate(sql, [a, b]);
    const changed = { ...b, sql: `${b.sql}\n-- edited afterwards` };
    const run = migrate(sql, [a, changed, c]);
    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow(b.name);
    // c sorts after b and would have been applied in the same transaction, which rolled back.
    expect((await appliedRows(sql)).map((r) => r.name)).toEqual([a.name, b.name]);
  });

  it('rejects a badly named file before touching the database', async () => {
    db = await freshDb();
    const sql = db.client();
    const bad = { name: '2026_01_01_oops.sql', sql: 'select 1;' };
    const run = migrate(sql, [a, bad]);
    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow('2026_01_01_oops.sql');
    expect(await tableExists(sql, 'schema_migrations')).toBe(false);
    expect(await tableExists(sql, 'parent')).toBe(false);
  });

  it('stops when an applied file is missing', async () => {
    db = await freshDb();
    const sql = db.client();
    await migrate(sql, [a, b]);
    await expect(migrate(sql, [a])).rejects.toThrow(`${b.name} is applied but its file is missing`);
  });

  it('rolls every pending file back when one fails', async () => {
    db = await freshDb();
    const sql = db.client();
    const broken = { name: '20260104000000_broken.sql', sql: 'alter table nowhere add x int;' };
    await expect(migrate(sql, [a, b, broken])).rejects.toThrow(/nowhere/);
    expect(await tableExists(sql, 'schema_migrations')).toBe(false);
    expect(await tableExists(sql, 'parent')).toBe(false);
    expect(await migrate(sql, [a, b])).toEqual([a.name, b.name]);
  });

  it('brings a fresh database to the repository migrations', async () => {
    db = await freshDb();
    const sql = db.client();
    const files = readMigrations();
    expect(files.length).toBeGreaterThan(0);
    expect(await migrate(sql, files)).toEqual(files.map((m) => m.name).sort());
    expect((await appliedRows(sql)).map((r) => r.name).sort()).toEqual(
      files.map((m) => m.name).sort(),
    );
  });

  it('applies each file once when two instances migrate one fresh database at the same time', async (ctx) => {
    db = await freshDb();
    // PGlite serves a single session, so two "instances" cannot race on it; CI runs this on Postgres.
    if (db.kind === 'pglite') ctx.skip();
    // The sleep keeps the first transaction open long enough for the second to reach the lock.
    const slow = { name: '20260101000001_slow.sql', sql: 'select pg_sleep(0.3);' };
    const files = [a, slow, b, c];
    const first = db.client();
    const second = db.client();
    const [x, y] = await Promise.all([migrate(first, files), migrate(second, files)]);
    // One caller applied everything, the other found nothing pending; neither failed on
    // "relation parent already exists", which a second application would raise.
    expect([x, y].map((r) => r.length).sort()).toEqual([0, 4]);
    expect([...x, ...y].sort()).toEqual(files.map((m) => m.name).sort());
    const rows = await appliedRows(first);
    expect(rows.map((r) => r.name)).toEqual(files.map((m) => m.name).sort());
  });
});
