import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMigration,
  nextTimestamp,
  timestamp,
  UsageError,
  validateName,
} from './new-migration';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const SCRIPT = join(ROOT, 'scripts/new-migration.ts');
// The same check migrate() applies, so every file this script makes is one migrate() accepts.
const MIGRATION_FILE = /^\d{14}_[a-z0-9_]+\.sql$/;

async function script(args: string[]) {
  try {
    const { stdout, stderr } = await run(TSX, [SCRIPT, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'comanda-newmig-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run new-migration', () => {
  it('creates a timestamped file with a header and prints its path', async () => {
    const before = timestamp(new Date(Date.now() - 1000));
    const { code, stdout } = await script(['add_something', '--dir', dir]);
    const after = timestamp(new Date(Date.now() + 1000));
    expect(code).toBe(0);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const file = files[0]!;
    expect(file).toMatch(MIGRATION_FILE);
    expect(file).toMatch(/^\d{14}_add_something\.sql$/);
    // The timestamp is UTC "now", not local time.
    const ts = file.slice(0, 14);
    expect(ts >= before && ts <= after).toBe(true);
    expect(stdout.trim()).toBe(join(dir, file));
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text).toMatch(/^-- Migration: add_something\n/);
    expect(text).toContain('Never edit this file after it has been applied');
  });

  it.each([
    [['Add-Thing'], 'Invalid migration name "Add-Thing"'],
    [['add thing'], 'Invalid migration name "add thing"'],
    [['_leading'], 'Invalid migration name'],
    [['ünicode'], 'Invalid migration name'],
    [['x'.repeat(101)], 'Invalid migration name'],
    [[], 'Usage: npm run new-migration -- <name>'],
    [['one', 'two'], 'Expected one migration name'],
    [['ok', '--force'], 'Unknown option --force'],
  ])('refuses %o', async (args, message) => {
    const { code, stderr } = await script([...args, '--dir', dir]);
    expect(code).not.toBe(0);
    expect(stderr).toContain(message);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('new-migration helpers', () => {
  it('formats UTC timestamps', () => {
    expect(timestamp(new Date('2026-03-04T05:06:07.890Z'))).toBe('20260304050607');
  });

  it('accepts names migrate() accepts', () => {
    expect(validateName('add_table_notes_2')).toBe('add_table_notes_2');
    expect(() => validateName('')).toThrow(UsageError);
    expect(() => validateName(undefined)).toThrow(UsageError);
  });

  it('always sorts after the newest existing file, even one from the future', () => {
    const now = new Date('2026-03-04T05:06:07Z');
    expect(nextTimestamp([], now)).toBe('20260304050607');
    expect(nextTimestamp(['20260101000000_a.sql'], now)).toBe('20260304050607');
    // Same second, or a colleague's clock ahead of ours: one second after theirs.
    expect(nextTimestamp(['20260304050607_a.sql'], now)).toBe('20260304050608');
    expect(nextTimestamp(['20261231235959_a.sql', 'README.md'], now)).toBe('20270101000000');
  });

  it('two files in the same second get distinct, ordered names', () => {
    const now = new Date('2026-03-04T05:06:07Z');
    const first = createMigration('first', dir, now);
    const second = createMigration('second', dir, now);
    expect(readdirSync(dir).sort()).toEqual([
      '20260304050607_first.sql',
      '20260304050608_second.sql',
    ]);
    expect([first, second].map((f) => f.slice(dir.length + 1))).toEqual(readdirSync(dir).sort());
  });
});
