import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_URL } from '../worker/src/test/db';

const ROOT = resolve(import.meta.dirname, '..');
const name = `comanda_seed_${Date.now().toString(36)}`;
const url = ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);

/** `npm run seed-demo` as an operator runs it, against a database of its own. */
function seedDemo(): Promise<{ code: number | null; output: string }> {
  return new Promise((ok) => {
    const child = spawn('npm', ['run', 'seed-demo'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, BCRYPT_COST: '4' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.once('exit', (code) => ok({ code, output }));
  });
}

beforeAll(async () => {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
});
afterAll(async () => {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

describe('npm run seed-demo', () => {
  it('migrates a fresh DATABASE_URL and creates the demo tenant once', async () => {
    const first = await seedDemo();
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain('Created the demo tenant "demo"');
    expect(first.output).toContain('owner@demo.test');
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const users = await sql`
        select u.email from users u join tenants t on t.id = u.tenant_id where t.slug = 'demo'`;
      expect(users.length).toBe(5);
      const second = await seedDemo();
      expect(second.code, second.output).toBe(0);
      expect(second.output).toContain('already exists');
      const tenants = await sql`select count(*)::int as n from tenants where slug = 'demo'`;
      expect(tenants[0]!.n).toBe(1);
    } finally {
      await sql.end();
    }
  }, 120_000);
});
