import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../worker/src/runtime/migrations-fs';
import { ADMIN_URL } from '../worker/src/test/db';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const SCRIPT = join(ROOT, 'scripts/migrate.ts');
const names = readMigrations().map((m) => m.name);

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'comanda-migrate-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Runs the script as `npm run migrate` would, from a scratch working directory so a developer's
 * config.env in the checkout cannot leak in, with only the variables given (plus PATH).
 */
async function migrateScript(env: Record<string, string>) {
  const options = { cwd: tmp, env: { PATH: process.env.PATH ?? '', ...env } };
  try {
    const { stdout, stderr } = await run(TSX, [SCRIPT], options);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

async function postgresReachable() {
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

describe('npm run migrate', () => {
  it('applies pending migrations to DATABASE_URL, prints them, then has nothing to do', async (ctx) => {
    if (!(await postgresReachable())) {
      if (process.env.COMANDA_TEST_REQUIRE_PG === '1') throw new Error('Postgres unreachable');
      ctx.skip();
    }
    const name = `comanda_s_${randomBytes(6).toString('hex')}`;
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    try {
      const url = ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
      const first = await migrateScript({ DATABASE_URL: url });
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(`Applied ${names.length} migration(s)`);
      for (const n of names) expect(first.stdout).toContain(n);
      const second = await migrateScript({ DATABASE_URL: url });
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('Nothing to apply');
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  it('migrates the embedded database under DATA_DIR when DATABASE_URL is unset', async () => {
    const dataDir = join(tmp, 'data');
    const first = await migrateScript({ DATA_DIR: dataDir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`embedded PGlite under ${join(dataDir, 'pgdata')}`);
    for (const n of names) expect(first.stdout).toContain(n);
    const second = await migrateScript({ DATA_DIR: dataDir });
    expect(second.stdout).toContain('Nothing to apply');
  });

  it('exits non-zero naming a bad variable', async () => {
    const { code, stderr } = await migrateScript({ DATABASE_URL: 'mysql://x' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/DATABASE_URL: must be a URL/);
  });

  it('exits non-zero with the target (password hidden) when the database is unreachable', async () => {
    const { code, stderr } = await migrateScript({
      DATABASE_URL: 'postgres://comanda:secret@127.0.0.1:1/nowhere',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('Migrating postgres://comanda:***@127.0.0.1:1/nowhere failed');
    expect(stderr).not.toContain('secret');
  });
});
