import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../demo/seed';

/**
 * `npm start` exactly as a newcomer runs it: no database settings at all, so it must come up on
 * the embedded PGlite, migrate, seed the demo tenant and say how to log in. Only DATA_DIR,
 * UPLOADS_DIR and PORT are set, to keep the run out of the checkout and off busy ports.
 */
const ROOT = resolve(import.meta.dirname, '../../..');

// Variables whose empty value config.ts treats as unset. Set to '' rather than deleted so that
// neither the developer's shell nor a config.env in the checkout (the real environment wins over
// the file) can hand the smoke test a database, Redis or secret.
const BLANKED = [
  'DATABASE_URL',
  'REDIS_URL',
  'JWT_SECRET',
  'PUBLIC_URL',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_API_BASE',
];
// The rest reject '': removed from the inherited environment, so the defaults apply.
const REMOVED = [
  'PORT',
  'ALLOW_SIGNUP',
  'UPLOADS_DIR',
  'DATA_DIR',
  'SEED_DEMO',
  'TRUST_PROXY',
  'BCRYPT_COST',
  'SIGNUP_LIMIT',
  'LOG_REQUESTS',
];

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function npmStart(vars: Record<string, string>, cwd = ROOT, npmArgs: string[] = []): Started {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of BLANKED) env[name] = '';
  for (const name of REMOVED) delete env[name];
  Object.assign(env, vars);
  // detached: npm runs sh, which runs tsx, which runs node; a process group lets us stop all.
  const child = spawn('npm', ['start', ...npmArgs], { cwd, env, detached: true });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => {
    text += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    text += d.toString();
  });
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return { child, output: () => text, exited };
}

async function stop(started: Started): Promise<void> {
  const { child, exited } = started;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  }, 5000);
  await exited;
  clearTimeout(timer);
}

async function waitReady(base: string, started: Started, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) {
      throw new Error(`npm start exited with ${started.child.exitCode}:\n${started.output()}`);
    }
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`/readyz not ready after ${timeoutMs} ms:\n${started.output()}`);
}

const running: Started[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(running.map(stop));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('npm start (smoke)', () => {
  it('boots on the embedded database, seeds the demo and serves a login', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'comanda-smoke-'));
    dirs.push(tmp);
    const port = await freePort();
    const started = npmStart({
      DATA_DIR: join(tmp, 'data'),
      UPLOADS_DIR: join(tmp, 'uploads'),
      PORT: String(port),
    });
    running.push(started);
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base, started, 60_000);

    const ready = await (await fetch(`${base}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'ok', database: 'ok', pending: [] });

    const token = await fetch(`${base}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: 'owner@demo.test',
        password: 'demo1234',
      }),
    });
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    expect(access_token).toBeTruthy();

    const me = await fetch(`${base}/api/v1/me`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { user: { email: string; role: string } };
    expect(body.user).toMatchObject({ email: 'owner@demo.test', role: 'owner' });

    // What a newcomer reads in the terminal: where to go and how to log in.
    const out = started.output();
    expect(out).toContain(`http://localhost:${port}`);
    expect(out).toContain(join(tmp, 'data'));
    expect(out).toContain(DEMO_PASSWORD);
    for (const login of DEMO_LOGINS) expect(out).toContain(login.email);

    // The whole process tree is gone afterwards: nothing answers on the port any more.
    await stop(started);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  }, 90_000);

  it('starts from a checkout whose path has spaces (and reads its migrations there)', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'comanda smoke '));
    dirs.push(tmp);
    const checkout = join(tmp, 'my apps', 'comanda pos');
    mkdirSync(checkout, { recursive: true });
    // What the server needs; node_modules is shared through a link. The PWA build (prestart) is
    // skipped: it is not what this test is about, and the server runs without it.
    for (const entry of ['package.json', 'tsconfig.json', 'worker', 'migrations']) {
      cpSync(join(ROOT, entry), join(checkout, entry), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));
    const port = await freePort();
    const started = npmStart(
      { DATA_DIR: join(tmp, 'data'), UPLOADS_DIR: join(tmp, 'uploads'), PORT: String(port) },
      checkout,
      ['--ignore-scripts'],
    );
    running.push(started);
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base, started, 120_000);
    const ready = await (await fetch(`${base}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'ok', database: 'ok', pending: [] });
    await stop(started);
  }, 180_000);

  it('refuses to start with a bad variable, naming it', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'comanda-smoke-'));
    dirs.push(tmp);
    const started = npmStart({
      DATA_DIR: join(tmp, 'data'),
      UPLOADS_DIR: join(tmp, 'uploads'),
      PORT: 'abc',
    });
    running.push(started);
    const code = await started.exited;
    expect(code).not.toBe(0);
    expect(started.output()).toMatch(/Invalid configuration:\s+PORT: /);
  }, 60_000);
});
