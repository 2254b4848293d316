import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/server-process';

const PG_BIN = (() => {
  const out = execFileSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1'])
    .toString()
    .trim();
  return out;
})();

const asPostgres = (args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'pipe' });

/**
 * A private Postgres cluster for tests that stop and start it: the shared one on 5432 is never
 * touched. Runs as the postgres user (initdb refuses root).
 */
export async function privatePostgres() {
  const dir = mkdtempSync(join(tmpdir(), 'comanda-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  asPostgres([`${PG_BIN}/initdb`, '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const ctl = (...args: string[]) => asPostgres([`${PG_BIN}/pg_ctl`, '-D', data, ...args]);
  const start = () =>
    ctl(
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-w',
      '-l',
      join(dir, 'log'),
      'start',
    );
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stopImmediate: () => ctl('-m', 'immediate', 'stop'),
    async destroy() {
      try {
        ctl('-m', 'immediate', 'stop');
      } catch {}
      execFileSync('rm', ['-rf', dir]);
    },
  };
}

/** A private redis-server that a test may stop and start again on the same port. */
export async function privateRedis() {
  const port = await freePort();
  let child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const ready = async () => {
    for (let i = 0; i < 100; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error('redis did not start');
  };
  await ready();
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    },
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      await ready();
    },
    async destroy() {
      child.kill('SIGKILL');
    },
  };
}
