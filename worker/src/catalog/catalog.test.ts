import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../platform';
import { testApp } from '../test/app';
import { type Api, apiClient } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { catalogContract, seedCatalog } from './catalog.contract';
import { pruneTombstones } from './store';

let db: TestDb;
let api: Api;
let decodes = 0;
let jwtSecret: string;
let published: { tenantId: string; events: StreamEvent[] }[] = [];

beforeAll(async () => {
  db = await createTestDb();
  const base = testApp(db.sql).platform;
  const images = {
    process: (
      bytes: Uint8Array,
      type: Parameters<NonNullable<typeof base.images>['process']>[1],
    ) => {
      decodes++;
      return base.images!.process(bytes, type);
    },
  };
  const { app, hub, platform } = testApp(db.sql, { platform: { images } });
  jwtSecret = platform.config.JWT_SECRET;
  hub.subscribe((tenantId, events) => published.push({ tenantId, events }));
  api = apiClient(async (path, init) => app.request(path, init));
});
afterAll(() => db.drop());

describe('catalog on Node (app.request, real Postgres)', () => {
  catalogContract(() => ({ api, imageProcessCount: () => decodes }));

  it('records catalog.changed in events with each write and publishes it after commit', async () => {
    published = [];
    const { t, product } = await seedCatalog(api);
    const rows = await db.sql<{ type: string; data: { version: number } }[]>`
      select type, data from events where tenant_id = ${t.tenant.id} order by seq`;
    const versions = rows.filter((r) => r.type === 'catalog.changed').map((r) => r.data.version);
    expect(versions).toEqual([1, 2, 3, 4, 5]);
    const mine = published.filter((p) => p.tenantId === t.tenant.id).flatMap((p) => p.events);
    expect(mine.map((e) => e.type)).toEqual(Array(5).fill('catalog.changed'));
    expect(mine[4]!.data).toEqual({
      version: 5,
      changes: [{ type: 'product', id: product.id, op: 'upsert' }],
    });
  });

  it('writes price changes to the audit log', async () => {
    const { t, product, group } = await seedCatalog(api);
    await api.json('PATCH', `/api/v1/products/${product.id}`, { price: 420 }, t.token);
    await api.json(
      'PATCH',
      `/api/v1/modifier-groups/${group.id}`,
      { modifiers: [{ id: group.modifiers[1].id, name: 'Large', price_delta: 70 }] },
      t.token,
    );
    const rows = await db.sql<{ action: string; object_id: string; detail: unknown }[]>`
      select action, object_id, detail from audit_log
      where tenant_id = ${t.tenant.id} and action like '%price_changed' order by at`;
    expect(rows).toEqual([
      { action: 'product.price_changed', object_id: product.id, detail: { from: 350, to: 420 } },
      {
        action: 'modifier.price_changed',
        object_id: group.modifiers[1].id,
        detail: { group_id: group.id, from: 50, to: 70 },
      },
    ]);
  });

  it('sends the full catalog to a since older than the pruned change log', async () => {
    const { t, post } = await seedCatalog(api);
    const tea = await post('/categories', { name: 'Tea' });
    await api.json('DELETE', `/api/v1/categories/${tea.id}`, undefined, t.token);
    const delta = await (
      await api.json('GET', '/api/v1/catalog?since=1', undefined, t.token)
    ).json();
    expect(delta.full).toBe(false);
    expect(delta.deleted).toEqual([{ type: 'category', id: tea.id }]);
    await db.sql.begin((tx) => pruneTombstones(tx, t.tenant.id, new Date(Date.now() + 60_000)));
    const old = await (await api.json('GET', '/api/v1/catalog?since=1', undefined, t.token)).json();
    expect(old.full).toBe(true);
    expect(old.deleted).toEqual([]);
    const recent = await (
      await api.json('GET', `/api/v1/catalog?since=${old.version}`, undefined, t.token)
    ).json();
    expect(recent.full).toBe(false);
  });

  it('keeps cached catalogs apart per public URL (image URLs embed it)', async () => {
    const { t, product } = await seedCatalog(api);
    const jpeg = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#123' } })
      .jpeg()
      .toBuffer();
    const put = await api.fetch(`/api/v1/products/${product.id}/image`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${t.token}` },
      body: new Uint8Array(jpeg),
    });
    expect(put.status).toBe(200);
    const other = testApp(db.sql, {
      config: { PUBLIC_URL: 'https://other.example', JWT_SECRET: jwtSecret },
    });
    const otherApi = apiClient(async (path, init) => other.app.request(path, init));
    const urls = [];
    for (const client of [api, otherApi, api]) {
      const res = await client.json('GET', '/api/v1/catalog', undefined, t.token, {
        'accept-encoding': 'identity',
      });
      urls.push((await res.json()).products[0].image_url as string);
    }
    expect(urls[0]).toMatch(/^http:\/\/pos\.test\//);
    expect(urls[1]).toMatch(/^https:\/\/other\.example\//);
    expect(urls[2]).toBe(urls[0]);
  });
});
