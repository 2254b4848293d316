import type { Sql } from './client';

export interface Migration {
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const namePattern = /^\d{14}_[a-z0-9_]+\.sql$/;

/**
 * Applies pending migrations in name order, in one transaction under an advisory lock, so two
 * instances starting together never apply a file twice. An applied file whose text changed is a
 * start-up error: migrations are forward-only.
 */
export async function migrate(sql: Sql, migrations: Migration[]): Promise<string[]> {
  for (const m of migrations) {
    if (!namePattern.test(m.name)) {
      throw new MigrationError(
        `Migration file name ${m.name} must look like YYYYMMDDHHMMSS_name.sql`,
      );
    }
  }
  const sorted = [...migrations].sort((a, b) => a.name.localeCompare(b.name));
  const checksums = await Promise.all(sorted.map((m) => sha256(m.sql)));
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(7418820211)`;
    await tx`create table if not exists schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`;
    const rows = await tx<{ name: string; checksum: string }[]>`
      select name, checksum from schema_migrations`;
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    const done: string[] = [];
    for (const [i, m] of sorted.entries()) {
      const checksum = checksums[i]!;
      const known = applied.get(m.name);
      if (known !== undefined) {
        if (known !== checksum) {
          throw new MigrationError(
            `Migration ${m.name} was changed after it was applied (checksum ${known.slice(0, 12)}… ` +
              `now ${checksum.slice(0, 12)}…). Applied migrations are immutable: add a new one.`,
          );
        }
        continue;
      }
      await tx.unsafe(m.sql);
      await tx`insert into schema_migrations (name, checksum) values (${m.name}, ${checksum})`;
      done.push(m.name);
    }
    for (const name of applied.keys()) {
      if (!sorted.some((m) => m.name === name)) {
        throw new MigrationError(`Migration ${name} is applied but its file is missing.`);
      }
    }
    return done;
  });
}
