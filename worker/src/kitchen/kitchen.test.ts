import { afterAll, beforeAll, describe } from 'vitest';
import { testApp } from '../test/app';
import { type Api, apiClient } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { kitchenContract } from './kitchen.contract';

let db: TestDb;
let api: Api;

beforeAll(async () => {
  db = await createTestDb();
  const { app } = testApp(db.sql);
  api = apiClient(async (path, init) => app.request(path, init));
});
afterAll(() => db.drop());

describe('kitchen on Node (app.request, real Postgres)', () => {
  kitchenContract(() => ({ api }));
});
