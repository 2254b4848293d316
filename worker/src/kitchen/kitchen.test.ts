import { afterAll, beforeAll, describe } from 'vitest';
import { testApp } from '../test/app';
import type { Api } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { kitchenContract } from './kitchen.contract';

let db: TestDb;
let api: Api;

beforeAll(async () => {
  db = await createTestDb();
  api = testApp(db.sql).api;
});
afterAll(() => db.drop());

describe('kitchen on Node (app.request, real Postgres)', () => {
  kitchenContract(() => ({ api }));
});
