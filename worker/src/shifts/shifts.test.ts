import { afterAll, beforeAll, describe } from 'vitest';
import { testApp } from '../test/app';
import { type Api, apiClient } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { StripeEmulator } from '../test/stripe-emulator';
import { shiftsContract } from './shifts.contract';

let db: TestDb;
let api: Api;
const stripe = new StripeEmulator();
const webhookSecret = 'whsec_test_comanda_shifts';

beforeAll(async () => {
  db = await createTestDb();
  const base = await stripe.start();
  const { app } = testApp(db.sql, {
    config: {
      STRIPE_SECRET_KEY: 'sk_test_comanda',
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_BASE: base,
    },
  });
  api = apiClient(async (path, init) => app.request(path, init));
});
afterAll(async () => {
  await stripe.stop();
  await db.drop();
});

describe('shifts, reports and audit on Node (app.request, real Postgres)', () => {
  shiftsContract(() => ({ api, stripe, webhookSecret, sql: db.sql }));
});
