import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SCRIPT = join(ROOT, 'scripts/patch-postgres.mjs');
const MARK = '/* comanda: null-socket guard */';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The installed (patched) connection.js with the patch taken out again: what npm unpacks. */
function pristine(): string {
  const patched = readFileSync(join(ROOT, 'node_modules/postgres/src/connection.js'), 'utf8');
  return patched
    .replace(/ {4}\/\* comanda: null-socket guard \*\/\n {4}if \(!socket\)[^\n]*\n/, '')
    .replaceAll(
      '    clearImmediate(nextWriteTimer)\n    nextWriteTimer = null\n    chunk = null\n',
      '    clearImmediate(nextWriteTimer)\n',
    );
}

/** Runs the postinstall script in a fake project with one build of the driver. */
function run(version: string, connection: string) {
  const dir = mkdtempSync(join(tmpdir(), 'comanda-patch-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'node_modules/postgres/src'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/postgres/package.json'), JSON.stringify({ version }));
  const file = join(dir, 'node_modules/postgres/src/connection.js');
  writeFileSync(file, connection);
  const r = spawnSync(process.execPath, [SCRIPT], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr, text: readFileSync(file, 'utf8') };
}

describe('scripts/patch-postgres.mjs (postinstall)', () => {
  it('is pinned: package.json names the exact version the patch was written for', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies.postgres).toBe('3.4.9');
  });

  it('patches the pinned version once and leaves a patched file alone', () => {
    const source = pristine();
    expect(source).not.toContain(MARK);
    const first = run('3.4.9', source);
    expect(first.status).toBe(0);
    expect(first.text).toContain(MARK);
    expect(first.text).toContain('    nextWriteTimer = null\n    chunk = null\n');
    const again = run('3.4.9', first.text);
    expect(again.status).toBe(0);
    expect(again.text).toBe(first.text);
  });

  it('fails the install on another version of postgres', () => {
    const r = run('3.5.0', pristine());
    expect(r.status).toBe(1);
    expect(r.output).toContain('installed postgres 3.5.0');
    expect(r.text).not.toContain(MARK);
  });

  it('fails the install when the code it patches has changed shape', () => {
    const r = run('3.4.9', 'function somethingElse() {}\n');
    expect(r.status).toBe(1);
    expect(r.output).toContain('changed shape');
  });
});
