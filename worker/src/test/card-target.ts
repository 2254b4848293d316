import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { createSql, type Sql } from '../db/client';
import { testApp } from './app';
import { type Api, apiClient } from './client';
import { createTestDb, type TestDb } from './db';
import { StripeEmulator } from './stripe-emulator';
import { startTestWorker, type TestWorker } from './worker';

/**
 * A server under test with card payments pointed at its own Stripe emulator: the app through
 * app.request() on Node, or its own workerd (the emulator's address is fixed at start). The
 * orders and shifts contracts run against both.
 */
export interface CardTarget {
  api: Api;
  stripe: StripeEmulator;
  webhookSecret: string;
  sql: Sql;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const stripeVars = (base: string, webhookSecret: string) => ({
  STRIPE_SECRET_KEY: 'sk_test_comanda',
  STRIPE_WEBHOOK_SECRET: webhookSecret,
  STRIPE_API_BASE: base,
});

export function nodeCardTarget(webhookSecret = 'whsec_test_comanda'): CardTarget {
  let db: TestDb;
  const target: CardTarget = {
    api: undefined as unknown as Api,
    stripe: new StripeEmulator(),
    webhookSecret,
    sql: undefined as unknown as Sql,
    async start() {
      db = await createTestDb();
      const base = await target.stripe.start();
      target.api = testApp(db.sql, { config: stripeVars(base, webhookSecret) }).api;
      target.sql = db.sql;
    },
    async stop() {
      await target.stripe.stop();
      await db?.drop();
    },
  };
  return target;
}

export function workerdCardTarget(webhookSecret = 'whsec_test_comanda_edge'): CardTarget {
  let db: TestDb;
  let worker: TestWorker | undefined;
  const target: CardTarget = {
    api: undefined as unknown as Api,
    stripe: new StripeEmulator(),
    webhookSecret,
    sql: undefined as unknown as Sql,
    async start() {
      db = await createTestDb({ max: 1 });
      await db.sql.end({ timeout: 1 });
      target.sql = createSql(db.url, { max: 2 });
      const base = await target.stripe.start();
      worker = await startTestWorker({
        DATABASE_URL: db.url,
        JWT_SECRET: randomBytes(32).toString('hex'),
        TRUST_PROXY: 'true',
        BCRYPT_COST: '4',
        SIGNUP_LIMIT: '0',
        ...stripeVars(base, webhookSecret),
      });
      const url = worker.url;
      target.api = apiClient((path, init) => fetch(`${url}${path}`, init));
    },
    async stop() {
      await worker?.dispose();
      await target.stripe.stop();
      await target.sql?.end({ timeout: 1 });
      await db?.drop();
    },
  };
  return target;
}

/**
 * Runs `contract` in this file against its own workerd card target: its own worker and emulator,
 * so the STRIPE_* variables point at this file's emulator. Skipped, saying why, where workerd
 * cannot run (workerd-setup.ts).
 */
export function describeOnWorkerdCard(
  title: string,
  contract: (target: () => CardTarget) => void,
  webhookSecret?: string,
): void {
  const skip = inject('workerdSkip');
  const target = workerdCardTarget(webhookSecret);
  beforeAll(async () => {
    if (!skip) await target.start();
  }, 120_000);
  afterAll(async () => {
    if (!skip) await target.stop();
  });
  describe.skipIf(skip !== '')(
    `${title} on workerd (wrangler, real HTTP)${skip ? `: ${skip}` : ''}`,
    () => {
      contract(() => target);
    },
  );
}
