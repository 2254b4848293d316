import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed';
import { testApp } from '../test/app';
import { apiClient, login } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { DEMO_PRODUCT_COUNT } from './demo-menu';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.drop());

describe('demo café menu', () => {
  it('gives the demo tenant a full menu and tables T1–T8', async () => {
    const { app, platform } = testApp(db.sql);
    expect(await seedDemo(db.sql, platform.passwords)).toBe(true);
    const api = apiClient(async (p, i) => app.request(p, i));
    const { access_token } = await login(api, 'owner@demo.test', DEMO_PASSWORD);
    const catalog = await (
      await api.json('GET', '/api/v1/catalog', undefined, access_token)
    ).json();
    expect(DEMO_PRODUCT_COUNT).toBeGreaterThanOrEqual(30);
    expect(catalog.products).toHaveLength(DEMO_PRODUCT_COUNT);
    expect(catalog.version).toBe(1);
    expect(catalog.tax_rates.map((r: { rate_bp: number }) => r.rate_bp).sort()).toEqual([
      1900, 700,
    ]);
    expect(catalog.modifier_groups.map((g: { name: string }) => g.name)).toEqual([
      'Size',
      'Milk',
      'Extras',
      'Bread',
    ]);
    expect(catalog.categories.length).toBeGreaterThanOrEqual(5);
    // Set up as a café would be: the onboarding step "currency and tax" is done.
    const tenant = await (await api.json('GET', '/api/v1/tenant', undefined, access_token)).json();
    const standard = catalog.tax_rates.find((r: { rate_bp: number }) => r.rate_bp === 1900);
    expect(tenant).toMatchObject({ tax_confirmed: true, default_tax_rate_id: standard.id });
    const tables = await (await api.json('GET', '/api/v1/tables', undefined, access_token)).json();
    expect(tables.data.map((t: { name: string }) => t.name)).toEqual(
      Array.from({ length: 8 }, (_, i) => `T${i + 1}`),
    );
    const menu = await (await api.fetch(`/api/v1/public/tables/${tables.data[0].qr_token}`)).json();
    expect(menu.tenant).toMatchObject({ name: 'Café Comanda', currency: 'EUR' });
    const names = menu.catalog.products.map((p: { name: string }) => p.name);
    expect(names).toContain('Cappuccino');
    expect(names).not.toContain('Apple Strudel'); // 86ed in the demo
  });
});
