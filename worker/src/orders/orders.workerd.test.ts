import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type Api, apiClient } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { StripeEmulator } from '../test/stripe-emulator';
import { startTestWorker, type TestWorker } from '../test/worker';
import { ordersContract } from './orders.contract';

const skip = inject('workerdSkip');
const stripe = new StripeEmulator();
const webhookSecret = 'whsec_test_comanda_edge';
let db: TestDb;
let worker: TestWorker;
let api: Api;

// Its own worker: the card tests need STRIPE_* pointed at this file's emulator.
beforeAll(async () => {
  if (skip) return;
  db = await createTestDb({ max: 1 });
  await db.sql.end({ timeout: 1 });
  const base = await stripe.start();
  worker = await startTestWorker({
    DATABASE_URL: db.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    TRUST_PROXY: 'true',
    BCRYPT_COST: '4',
    STRIPE_SECRET_KEY: 'sk_test_comanda_edge',
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: base,
  });
  api = apiClient((path, init) => fetch(`${worker.url}${path}`, init));
}, 120_000);

afterAll(async () => {
  if (skip) return;
  await worker?.dispose();
  await stripe.stop();
  await db?.drop();
});

describe.skipIf(skip !== '')(
  `orders and payments on workerd (wrangler, real HTTP)${skip ? `: ${skip}` : ''}`,
  () => {
    ordersContract(() => ({ api, stripe, webhookSecret }));
  },
);
