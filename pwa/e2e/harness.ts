import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startNode } from '../../worker/src/runtime/node';
import { createTestDb, type TestDb } from '../../worker/src/test/db';
import type { StripeEmulator } from '../../worker/src/test/stripe-emulator';
import { CHROMIUM } from './setup';

export const PASSWORD = 'demo1234';
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

export interface Server {
  url: string;
  /** The server's database (null when it runs the embedded one): for backdating test data. */
  dbUrl: string | null;
  stop(): Promise<void>;
  /** A staff access token through the password grant. */
  token(email: string): Promise<string>;
  json<T>(method: string, path: string, token: string, body?: unknown): Promise<T>;
}

/** The server with card payments on, against the local Stripe emulator (started here). */
export async function startServerWithStripe(
  stripe: StripeEmulator,
  webhookSecret: string,
): Promise<Server> {
  return startServer({
    STRIPE_SECRET_KEY: 'sk_test_comanda',
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: await stripe.start(),
  });
}

/**
 * The real Node server (what `npm start` runs) over a fresh database with the demo tenant, serving
 * the built pwa/dist. On the local Postgres when it answers (CI), else the embedded PGlite.
 */
export async function startServer(extra: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'comanda-e2e-'));
  let db: TestDb | undefined = await createTestDb();
  if (db.kind === 'pglite') {
    await db.drop(); // the server runs its own embedded database instead
    db = undefined;
  }
  const env: NodeJS.ProcessEnv = {
    PORT: String(port),
    PUBLIC_URL: url,
    DATA_DIR: join(dir, 'data'),
    UPLOADS_DIR: join(dir, 'uploads'),
    SEED_DEMO: 'true',
    BCRYPT_COST: '4',
    SIGNUP_LIMIT: '0', // tests sign up many tenants from one address
    ...(db
      ? { DATABASE_URL: db.url, JWT_SECRET: 'e2e-secret-0123456789-0123456789-0123456789' }
      : {}),
    ...extra,
  };
  const node = await startNode(env, { port });
  const json = async <T>(method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    url,
    dbUrl: db?.url ?? null,
    json,
    async token(email) {
      const res = await fetch(`${url}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', username: email, password: PASSWORD }),
      });
      if (!res.ok) throw new Error(`login ${email} → ${res.status}`);
      return ((await res.json()) as { access_token: string }).access_token;
    },
    async stop() {
      await node.stop();
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** A persistent profile: the only kind Chromium reports installability for (not incognito). */
export async function launchProfile(): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'comanda-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: ARGS,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until this page's service worker is activated (ready can resolve while activating). */
export async function swActivated(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    const sw = reg.active!;
    if (sw.state !== 'activated') {
      await new Promise<void>((ok) =>
        sw.addEventListener('statechange', () => sw.state === 'activated' && ok()),
      );
    }
  });
}

export async function signIn(page: Page, server: Server, email: string): Promise<void> {
  // ?email=1: the email form even on a shared device (which otherwise opens on its lock screen).
  await page.goto(`${server.url}/login?email=1`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Password').press('Enter');
}

/**
 * A browser context that is one of the café's registered devices (`POST /devices`): its id and
 * token are in localStorage before the app starts, as the device set-up screen leaves them.
 */
export async function deviceContext(
  browser: Browser,
  device: { id: string; device_token: string; name: string },
  viewport: { width: number; height: number },
  touch: boolean,
): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport, hasTouch: touch, isMobile: touch });
  await ctx.addInitScript(
    ([id, token, name]) => {
      if (!localStorage.getItem('comanda.device')) {
        localStorage.setItem(
          'comanda.device',
          JSON.stringify({ id, token, name, idle_minutes: 0 }),
        );
      }
    },
    [device.id, device.device_token, device.name],
  );
  return ctx;
}
