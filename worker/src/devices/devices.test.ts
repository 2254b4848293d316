import { afterAll, beforeAll, describe } from 'vitest';
import { testApp } from '../test/app';
import { type Api, apiClient } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { devicesContract } from './devices.contract';

let db: TestDb;
let api: Api;

beforeAll(async () => {
  db = await createTestDb();
  const { app } = testApp(db.sql);
  api = apiClient(async (path, init) => app.request(path, init));
});
afterAll(() => db.drop());

describe('devices on Node (app.request, real Postgres)', () => {
  devicesContract(() => ({ api }));
});
