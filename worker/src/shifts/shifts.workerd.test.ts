import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { createSql, type Sql } from '../db/client';
import { type Api, apiClient } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { StripeEmulator } from '../test/stripe-emulator';
import { startTestWorker, type TestWorker } from '../test/worker';
import { shiftsContract } from './shifts.contract';

const skip = inject('workerdSkip');
const stripe = new StripeEmulator();
const webhookSecret = 'whsec_test_comanda_shifts_edge';
let db: TestDb;
let sql: Sql;
let worker: TestWorker;
let api: Api;

// Its own worker and database: the card part of the scripted day needs STRIPE_* pointed at this
// file's emulator (which workerd reaches over loopback HTTP, as the orders contract does).
beforeAll(async () => {
  if (skip) return;
  db = await createTestDb({ max: 1 });
  await db.sql.end({ timeout: 1 });
  sql = createSql(db.url, { max: 2 });
  const base = await stripe.start();
  worker = await startTestWorker({
    DATABASE_URL: db.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    TRUST_PROXY: 'true',
    BCRYPT_COST: '4',
    STRIPE_SECRET_KEY: 'sk_test_comanda_shifts_edge',
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: base,
  });
  api = apiClient((path, init) => fetch(`${worker.url}${path}`, init));
}, 120_000);

afterAll(async () => {
  if (skip) return;
  await worker?.dispose();
  await stripe.stop();
  await sql?.end({ timeout: 1 });
  await db?.drop();
});

describe.skipIf(skip !== '')(
  `shifts, reports and audit on workerd (wrangler, real HTTP)${skip ? `: ${skip}` : ''}`,
  () => {
    shiftsContract(() => ({ api, stripe, webhookSecret, sql }));
  },
);
