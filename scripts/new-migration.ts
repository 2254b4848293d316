/**
 * `npm run new-migration -- add_something [--dir path]`: creates
 * migrations/YYYYMMDDHHMMSS_add_something.sql (UTC) with a header and prints its path.
 * `--dir` exists so tests can write into a scratch directory instead of the repo.
 */

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS_DIR } from '../worker/src/runtime/migrations-fs';

export class UsageError extends Error {
  override name = 'UsageError';
}

const NAME = /^[a-z0-9][a-z0-9_]*$/;
const MAX_NAME = 100;

/** YYYYMMDDHHMMSS in UTC. */
export function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, '')
    .replace(/[-T:]/g, '');
}

export function validateName(name: string | undefined): string {
  if (!name) {
    throw new UsageError('Usage: npm run new-migration -- <name>   (lower-case a-z, 0-9 and _)');
  }
  if (!NAME.test(name) || name.length > MAX_NAME) {
    throw new UsageError(
      `Invalid migration name "${name}": use lower-case letters, digits and _ ` +
        `(at most ${MAX_NAME} characters, not starting with _), e.g. add_table_notes`,
    );
  }
  return name;
}

/**
 * The timestamp for a new file: now, unless an existing file already has that second or a later
 * one (clock skew between developers, two files in one second). Migrations apply in name order,
 * so a new file must sort after every existing one or it would run before what it builds on.
 */
export function nextTimestamp(existing: string[], now: Date): string {
  let ts = timestamp(now);
  const latest = existing
    .map((f) => /^(\d{14})_/.exec(f)?.[1])
    .filter((t): t is string => t !== undefined)
    .sort()
    .at(-1);
  if (latest !== undefined && latest >= ts) {
    const d = new Date(
      Date.UTC(
        Number(latest.slice(0, 4)),
        Number(latest.slice(4, 6)) - 1,
        Number(latest.slice(6, 8)),
        Number(latest.slice(8, 10)),
        Number(latest.slice(10, 12)),
        Number(latest.slice(12, 14)) + 1,
      ),
    );
    ts = timestamp(d);
  }
  return ts;
}

export function createMigration(name: string, dir: string, now = new Date()): string {
  validateName(name);
  mkdirSync(dir, { recursive: true });
  const existing = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  const file = join(dir, `${nextTimestamp(existing, now)}_${name}.sql`);
  const header = [
    `-- Migration: ${name}`,
    `-- Created: ${now.toISOString()}`,
    '--',
    '-- Applied once, in file-name order, inside one transaction with the other pending files.',
    '-- Never edit this file after it has been applied anywhere: its checksum is recorded and a',
    '-- change stops start-up. Write SQL that runs on Postgres 15 and 18 (CI and compose).',
    '',
    '',
  ].join('\n');
  // 'wx' refuses to overwrite, in case a file with this exact name appeared meanwhile.
  writeFileSync(file, header, { flag: 'wx' });
  return file;
}

function parseArgs(argv: string[]): { name: string | undefined; dir: string } {
  let dir = MIGRATIONS_DIR;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--dir') {
      const value = argv[++i];
      if (!value) throw new UsageError('--dir needs a path');
      dir = resolve(value);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option ${arg}`);
    } else {
      names.push(arg);
    }
  }
  if (names.length > 1) {
    throw new UsageError(`Expected one migration name, got ${names.length}: ${names.join(' ')}`);
  }
  return { name: names[0], dir };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    const { name, dir } = parseArgs(process.argv.slice(2));
    const file = createMigration(validateName(name), dir);
    const shown = relative(process.cwd(), file);
    // Relative inside the repo (what you would type next), absolute elsewhere.
    console.log(shown.startsWith('..') ? file : shown);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
