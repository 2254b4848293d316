import { afterAll, beforeAll, describe } from 'vitest';
import { jsquashNodeImages } from '../runtime/images-jsquash-node';
import { testApp } from '../test/app';
import { type Api, apiClient } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { catalogContract } from './catalog.contract';

let db: TestDb;
let api: Api;

// The catalog contract with the WASM image port workerd is meant to use, run here on Node.
beforeAll(async () => {
  db = await createTestDb();
  const { app } = testApp(db.sql, { platform: { images: jsquashNodeImages() } });
  api = apiClient(async (path, init) => app.request(path, init));
});
afterAll(() => db.drop());

describe('catalog on Node with the WASM (jsquash) image port', () => {
  catalogContract(() => ({ api }));
});
