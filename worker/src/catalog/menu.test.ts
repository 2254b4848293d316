import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test/app';
import { type Api, apiClient } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { seedCatalog } from './catalog.contract';
import { menuContract } from './menu.contract';

let db: TestDb;
let api: Api;

beforeAll(async () => {
  db = await createTestDb();
  const { app } = testApp(db.sql);
  api = apiClient(async (path, init) => app.request(path, init));
});
afterAll(() => db.drop());

describe('menu additions on Node (app.request, real Postgres)', () => {
  menuContract(() => ({ api }));

  it('records allergens and labels in the catalog history, version by version', async () => {
    const { t, product } = await seedCatalog(api);
    const patched = await api.json(
      'PATCH',
      `/api/v1/products/${product.id}`,
      { allergens: ['milk'], labels: ['vegetarian'] },
      t.token,
    );
    expect(patched.status).toBe(200);
    const rows = await db.sql<{ data: { allergens: string[]; labels: string[] } }[]>`
      select data from catalog_history where type = 'product' and id = ${product.id}
      order by version`;
    expect(rows.map((r) => [r.data.allergens, r.data.labels])).toEqual([
      [[], []],
      [['milk'], ['vegetarian']],
    ]);
  });
});
