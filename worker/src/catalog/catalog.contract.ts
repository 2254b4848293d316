import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type Api, newTenant, staff } from '../test/client';

export interface CatalogTarget {
  api: Api;
  /** How many times the server's image port has decoded something, where the test can see it. */
  imageProcessCount?: () => number;
  /** false where the runtime has no image port yet (uploads that pass the header check → 501). */
  images?: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by assertions, not types
type Json = Record<string, any>;
const v1 = (p: string) => `/api/v1${p}`;
const unknownId = '00000000-0000-4000-8000-000000000000';

async function body(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

/** A tenant with one of each catalog object, built through the API. */
export async function seedCatalog(api: Api) {
  const t = await newTenant(api);
  const post = async (path: string, b: unknown) => {
    const res = await api.json('POST', v1(path), b, t.token);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return body(res);
  };
  const rate = await post('/tax-rates', { name: 'Reduced', rate_bp: 700 });
  const rate19 = await post('/tax-rates', { name: 'Standard', rate_bp: 1900 });
  const category = await post('/categories', { name: 'Coffee', position: 1 });
  const group = await post('/modifier-groups', {
    name: 'Size',
    min: 1,
    max: 1,
    modifiers: [
      { name: 'Small', price_delta: 0 },
      { name: 'Large', price_delta: 50 },
    ],
  });
  const product = await post('/products', {
    category_id: category.id,
    name: 'Latte',
    price: 350,
    tax_rate_id: rate.id,
    takeaway_tax_rate_id: rate19.id,
    sku: 'LAT-1',
    barcode: '4006381333931',
    modifier_group_ids: [group.id],
  });
  return { t, rate, rate19, category, group, product, post };
}

async function jpegWithGps(width = 1600, height = 1200) {
  return sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } },
  })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneCo', Model: 'Spy 3000' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '52/1 31/1 1234/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '13/1 24/1 5678/100',
      },
    })
    .toBuffer();
}

/** A PNG whose header claims 10000×10000 (100 megapixels) and whose data is junk. */
function hugePngHeader(): Uint8Array {
  const b = new Uint8Array(64);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  b.set([0x49, 0x48, 0x44, 0x52], 12);
  const view = new DataView(b.buffer);
  view.setUint32(16, 10_000);
  view.setUint32(20, 10_000);
  b.set([8, 2, 0, 0, 0], 24);
  return b;
}

/** The catalog rules (docs/catalog.md), run against every runtime (Node via app.request, workerd over HTTP). */
export function catalogContract(target: () => CatalogTarget) {
  const api = () => target().api;
  const get = (path: string, token: string, headers?: Record<string, string>) =>
    api().json('GET', v1(path), undefined, token, headers);

  describe('categories and tax rates', () => {
    it('creates, reads, patches partially and deletes a category', async () => {
      const { t } = await seedCatalog(api());
      const created = await api().json('POST', v1('/categories'), { name: ' Tea ' }, t.token);
      expect(created.status).toBe(201);
      const cat = await body(created);
      expect(cat).toMatchObject({ name: 'Tea', position: 0 });
      const patched = await api().json(
        'PATCH',
        v1(`/categories/${cat.id}`),
        { position: 5 },
        t.token,
      );
      expect(await body(patched)).toMatchObject({ id: cat.id, name: 'Tea', position: 5 });
      expect((await get(`/categories/${cat.id}`, t.token)).status).toBe(200);
      const del = await api().json('DELETE', v1(`/categories/${cat.id}`), undefined, t.token);
      expect(del.status).toBe(204);
      expect((await get(`/categories/${cat.id}`, t.token)).status).toBe(404);
      expect(
        (await api().json('DELETE', v1(`/categories/${cat.id}`), undefined, t.token)).status,
      ).toBe(404);
    });

    it('lists by position then name, with cursors and limits (docs/api.md, Lists)', async () => {
      const { t, post } = await seedCatalog(api());
      await post('/categories', { name: 'B', position: 0 });
      await post('/categories', { name: 'A', position: 0 });
      const first = await body(await get('/categories?limit=2', t.token));
      expect(first.data.map((c: Json) => c.name)).toEqual(['A', 'B']);
      expect(first.next_cursor).toEqual(expect.any(String));
      const second = await body(
        await get(`/categories?limit=2&cursor=${first.next_cursor}`, t.token),
      );
      expect(second.data.map((c: Json) => c.name)).toEqual(['Coffee']);
      expect(second.next_cursor).toBeNull();
      expect((await get('/categories?limit=501', t.token)).status).toBe(400);
      expect((await get('/categories?limit=0', t.token)).status).toBe(400);
      expect((await get('/categories?cursor=bogus', t.token)).status).toBe(400);
    });

    it('validates tax rates in basis points and refuses deleting one in use with 409', async () => {
      const { t, rate } = await seedCatalog(api());
      for (const rate_bp of [-1, 10_001, 7.5, '700', null]) {
        const res = await api().json('POST', v1('/tax-rates'), { name: 'X', rate_bp }, t.token);
        expect(res.status, String(rate_bp)).toBe(400);
      }
      const zero = await api().json(
        'POST',
        v1('/tax-rates'),
        { name: 'Zero', rate_bp: 0 },
        t.token,
      );
      expect(zero.status).toBe(201);
      const inUse = await api().json('DELETE', v1(`/tax-rates/${rate.id}`), undefined, t.token);
      expect(inUse.status).toBe(409);
      const z = await body(zero);
      expect(
        (await api().json('DELETE', v1(`/tax-rates/${z.id}`), undefined, t.token)).status,
      ).toBe(204);
      const patched = await api().json(
        'PATCH',
        v1(`/tax-rates/${rate.id}`),
        { rate_bp: 800 },
        t.token,
      );
      expect(await body(patched)).toMatchObject({ id: rate.id, rate_bp: 800, name: 'Reduced' });
    });

    it('refuses empty and unknown fields in PATCH with 400', async () => {
      const { t, category } = await seedCatalog(api());
      const empty = await api().json('PATCH', v1(`/categories/${category.id}`), {}, t.token);
      expect(empty.status).toBe(400);
      const extra = await api().json(
        'PATCH',
        v1(`/categories/${category.id}`),
        { colour: 'red' },
        t.token,
      );
      expect(extra.status).toBe(400);
    });
  });

  describe('roles', () => {
    it('lets every role read and only owners and managers write', async () => {
      const { t, category } = await seedCatalog(api());
      for (const role of ['cashier', 'waiter', 'kitchen']) {
        const s = await staff(api(), t.token, role);
        for (const path of [
          '/catalog',
          '/products',
          '/categories',
          '/tax-rates',
          '/modifier-groups',
        ]) {
          expect((await get(path, s.token)).status, `${role} GET ${path}`).toBe(200);
        }
        const write = await api().json('POST', v1('/categories'), { name: 'X' }, s.token);
        expect(write.status, role).toBe(403);
        const patch = await api().json(
          'PATCH',
          v1(`/categories/${category.id}`),
          { name: 'Y' },
          s.token,
        );
        expect(patch.status, role).toBe(403);
      }
      const manager = await staff(api(), t.token, 'manager');
      const ok = await api().json('POST', v1('/categories'), { name: 'By manager' }, manager.token);
      expect(ok.status).toBe(201);
      expect((await api().json('GET', v1('/catalog'))).status).toBe(401);
    });
  });

  describe('products', () => {
    it('creates a product with every field and reads it back', async () => {
      const { product, category, rate, rate19, group } = await seedCatalog(api());
      expect(product).toMatchObject({
        category_id: category.id,
        name: 'Latte',
        description: null,
        price: 350,
        tax_rate_id: rate.id,
        takeaway_tax_rate_id: rate19.id,
        sku: 'LAT-1',
        barcode: '4006381333931',
        available: true,
        position: 0,
        modifier_group_ids: [group.id],
        image_url: null,
        thumbnail_url: null,
        archived_at: null,
      });
      expect(typeof product.updated_at).toBe('string');
    });

    it('refuses money that is not an integer in 0…100,000,000 with 400', async () => {
      const { t, rate } = await seedCatalog(api());
      const bad = [1.5, -1, 100_000_001, '12', 2 ** 53 + 1, null];
      for (const price of bad) {
        const res = await api().json(
          'POST',
          v1('/products'),
          { name: 'X', price, tax_rate_id: rate.id },
          t.token,
        );
        expect(res.status, String(price)).toBe(400);
      }
      const raw = await api().fetch(v1('/products'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
        body: `{"name":"X","price":1e400,"tax_rate_id":"${rate.id}"}`,
      });
      expect(raw.status).toBe(400);
      for (const price of [0, 100_000_000]) {
        const res = await api().json(
          'POST',
          v1('/products'),
          { name: `P${price}`, price, tax_rate_id: rate.id },
          t.token,
        );
        expect(res.status).toBe(201);
      }
    });

    it('answers unknown ids in the body with 422 naming the field', async () => {
      const { t, rate } = await seedCatalog(api());
      const res = await api().json(
        'POST',
        v1('/products'),
        {
          name: 'X',
          price: 100,
          tax_rate_id: rate.id,
          category_id: unknownId,
          takeaway_tax_rate_id: unknownId,
          modifier_group_ids: [unknownId],
        },
        t.token,
      );
      expect(res.status).toBe(422);
      const problem = await body(res);
      expect(problem.errors.map((e: Json) => e.path).sort()).toEqual(
        ['category_id', 'modifier_group_ids.0', 'takeaway_tax_rate_id'].sort(),
      );
      const missingRate = await api().json(
        'POST',
        v1('/products'),
        { name: 'X', price: 1, tax_rate_id: unknownId },
        t.token,
      );
      expect(missingRate.status).toBe(422);
      const notUuid = await api().json(
        'POST',
        v1('/products'),
        { name: 'X', price: 1, tax_rate_id: 'nope' },
        t.token,
      );
      expect(notUuid.status).toBe(400);
    });

    it('patches only the fields sent, replaces modifier groups, and keeps sku/barcode unique', async () => {
      const { t, product, rate, post } = await seedCatalog(api());
      const res = await api().json('PATCH', v1(`/products/${product.id}`), { price: 390 }, t.token);
      expect(res.status).toBe(200);
      const p = await body(res);
      expect(p).toMatchObject({ ...product, price: 390, updated_at: expect.any(String) });
      const cleared = await api().json(
        'PATCH',
        v1(`/products/${product.id}`),
        { modifier_group_ids: [], category_id: null, description: 'Double shot' },
        t.token,
      );
      expect(await body(cleared)).toMatchObject({
        modifier_group_ids: [],
        category_id: null,
        description: 'Double shot',
      });
      const dupSku = await api().json(
        'POST',
        v1('/products'),
        { name: 'Y', price: 1, tax_rate_id: rate.id, sku: 'LAT-1' },
        t.token,
      );
      expect(dupSku.status).toBe(409);
      const other = await post('/products', { name: 'Z', price: 1, tax_rate_id: rate.id });
      const dupBarcode = await api().json(
        'PATCH',
        v1(`/products/${other.id}`),
        { barcode: '4006381333931' },
        t.token,
      );
      expect(dupBarcode.status).toBe(409);
      // A product may keep its own code when patched.
      const same = await api().json(
        'PATCH',
        v1(`/products/${product.id}`),
        { sku: 'LAT-1' },
        t.token,
      );
      expect(same.status).toBe(200);
    });

    it('finds products by barcode', async () => {
      const { t, product } = await seedCatalog(api());
      const hit = await body(await get('/products?barcode=4006381333931', t.token));
      expect(hit.data.map((p: Json) => p.id)).toEqual([product.id]);
      const miss = await body(await get('/products?barcode=000', t.token));
      expect(miss).toEqual({ data: [], next_cursor: null });
    });

    it('archives on DELETE: gone from lists and /catalog, readable by id, its sku free again', async () => {
      const { t, product, rate, category } = await seedCatalog(api());
      const del = await api().json('DELETE', v1(`/products/${product.id}`), undefined, t.token);
      expect(del.status).toBe(204);
      const read = await body(await get(`/products/${product.id}`, t.token));
      expect(read.archived_at).toEqual(expect.any(String));
      expect((await body(await get('/products', t.token))).data).toEqual([]);
      expect((await body(await get('/catalog', t.token))).products).toEqual([]);
      const patch = await api().json('PATCH', v1(`/products/${product.id}`), { price: 1 }, t.token);
      expect(patch.status).toBe(409);
      expect(
        (await api().json('DELETE', v1(`/products/${product.id}`), undefined, t.token)).status,
      ).toBe(204);
      const reuse = await api().json(
        'POST',
        v1('/products'),
        { name: 'New', price: 1, tax_rate_id: rate.id, sku: 'LAT-1' },
        t.token,
      );
      expect(reuse.status).toBe(201);
      // The category only holds an archived product now… and the new one.
      const inUse = await api().json(
        'DELETE',
        v1(`/categories/${category.id}`),
        undefined,
        t.token,
      );
      expect(inUse.status).toBe(204);
    });

    it('refuses deleting a category that a live product uses with 409', async () => {
      const { t, category } = await seedCatalog(api());
      const res = await api().json('DELETE', v1(`/categories/${category.id}`), undefined, t.token);
      expect(res.status).toBe(409);
    });

    it('answers ids that are not UUIDs with 404', async () => {
      const { t } = await seedCatalog(api());
      for (const path of ['/products/123', '/categories/x', '/tax-rates/x', '/modifier-groups/x']) {
        expect((await get(path, t.token)).status, path).toBe(404);
      }
    });
  });

  describe('modifier groups', () => {
    it('replaces the modifier list on PATCH, keeping the ids sent', async () => {
      const { t, group } = await seedCatalog(api());
      const [small, large] = group.modifiers;
      expect(group.modifiers).toEqual([
        { id: expect.any(String), name: 'Small', price_delta: 0, available: true },
        { id: expect.any(String), name: 'Large', price_delta: 50, available: true },
      ]);
      const res = await api().json(
        'PATCH',
        v1(`/modifier-groups/${group.id}`),
        {
          modifiers: [
            { id: large.id, name: 'Large', price_delta: 60 },
            { name: 'Huge', price_delta: 100, available: false },
          ],
        },
        t.token,
      );
      expect(res.status).toBe(200);
      const g = await body(res);
      expect(g.modifiers).toEqual([
        { id: large.id, name: 'Large', price_delta: 60, available: true },
        { id: expect.any(String), name: 'Huge', price_delta: 100, available: false },
      ]);
      expect(g.modifiers.map((m: Json) => m.id)).not.toContain(small.id);
      const renamed = await api().json(
        'PATCH',
        v1(`/modifier-groups/${group.id}`),
        { name: 'Sizes' },
        t.token,
      );
      expect((await body(renamed)).modifiers).toEqual(g.modifiers);
    });

    it('validates min and max', async () => {
      const { t, group } = await seedCatalog(api());
      const cases: [unknown, number][] = [
        [{ name: 'X', min: 2, max: 1, modifiers: [{ name: 'a' }, { name: 'b' }] }, 400],
        [{ name: 'X', min: 0, max: 0, modifiers: [] }, 400],
        [{ name: 'X', min: -1, max: 1, modifiers: [] }, 400],
        [{ name: 'X', min: 2, max: 3, modifiers: [{ name: 'a' }] }, 422],
        [{ name: 'X', modifiers: [{ name: 'a', price_delta: 1.5 }] }, 400],
        [{ name: 'Extras', min: 0, max: 3, modifiers: [{ name: 'Syrup', price_delta: 40 }] }, 201],
      ];
      for (const [b, status] of cases) {
        expect(
          (await api().json('POST', v1('/modifier-groups'), b, t.token)).status,
          JSON.stringify(b),
        ).toBe(status);
      }
      const maxBelowMin = await api().json(
        'PATCH',
        v1(`/modifier-groups/${group.id}`),
        { max: 0 },
        t.token,
      );
      expect(maxBelowMin.status).toBe(400);
      const min3 = await api().json(
        'PATCH',
        v1(`/modifier-groups/${group.id}`),
        { max: 3, min: 3 },
        t.token,
      );
      expect(min3.status).toBe(422);
    });

    it('refuses modifier ids that are not this group’s with 422', async () => {
      const { t, group, post } = await seedCatalog(api());
      const other = await post('/modifier-groups', { name: 'Milk', modifiers: [{ name: 'Oat' }] });
      const res = await api().json(
        'PATCH',
        v1(`/modifier-groups/${group.id}`),
        {
          modifiers: [
            { id: other.modifiers[0].id, name: 'Oat' },
            { id: unknownId, name: 'Q' },
          ],
        },
        t.token,
      );
      expect(res.status).toBe(422);
      expect((await body(res)).errors.map((e: Json) => e.path)).toEqual([
        'modifiers.0.id',
        'modifiers.1.id',
      ]);
      expect((await body(await get(`/modifier-groups/${group.id}`, t.token))).modifiers).toEqual(
        group.modifiers,
      );
    });

    it('refuses deleting a group a live product offers (409) and deletes an unused one', async () => {
      const { t, group, post } = await seedCatalog(api());
      expect(
        (await api().json('DELETE', v1(`/modifier-groups/${group.id}`), undefined, t.token)).status,
      ).toBe(409);
      const unused = await post('/modifier-groups', { name: 'Extras', modifiers: [] });
      expect(
        (await api().json('DELETE', v1(`/modifier-groups/${unused.id}`), undefined, t.token))
          .status,
      ).toBe(204);
      expect((await get(`/modifier-groups/${unused.id}`, t.token)).status).toBe(404);
    });
  });

  describe('tenant isolation', () => {
    it('answers another tenant’s ids in the path with 404 on every route', async () => {
      const a = await seedCatalog(api());
      const b = await newTenant(api());
      const paths = [
        `/categories/${a.category.id}`,
        `/tax-rates/${a.rate.id}`,
        `/products/${a.product.id}`,
        `/modifier-groups/${a.group.id}`,
      ];
      for (const path of paths) {
        expect((await get(path, b.token)).status, `GET ${path}`).toBe(404);
        const patch = await api().json('PATCH', v1(path), { name: 'Hijacked' }, b.token);
        expect(patch.status, `PATCH ${path}`).toBe(404);
        expect(
          (await api().json('DELETE', v1(path), undefined, b.token)).status,
          `DELETE ${path}`,
        ).toBe(404);
      }
      const img = await api().fetch(v1(`/products/${a.product.id}/image`), {
        method: 'PUT',
        headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${b.token}` },
        body: new Uint8Array(await jpegWithGps(50, 50)),
      });
      expect(img.status).toBe(404);
      expect((await get(`/products/${a.product.id}`, a.t.token)).status).toBe(200);
      expect((await body(await get(`/products/${a.product.id}`, a.t.token))).name).toBe('Latte');
      expect((await body(await get('/products', b.token))).data).toEqual([]);
      expect((await body(await get('/products?barcode=4006381333931', b.token))).data).toEqual([]);
    });

    it('answers another tenant’s ids in bodies exactly like unknown ids (422)', async () => {
      const a = await seedCatalog(api());
      const b = await seedCatalog(api());
      const answer = async (ids: Json) => {
        const res = await api().json(
          'POST',
          v1('/products'),
          { name: 'X', price: 1, tax_rate_id: b.rate.id, ...ids },
          b.t.token,
        );
        return { status: res.status, body: await body(res) };
      };
      const cases = [
        { category_id: a.category.id },
        { tax_rate_id: a.rate.id },
        { takeaway_tax_rate_id: a.rate19.id },
        { modifier_group_ids: [a.group.id] },
      ];
      for (const ids of cases) {
        const foreign = await answer(ids);
        const unknown = await answer(
          Object.fromEntries(
            Object.entries(ids).map(([k, v]) => [k, Array.isArray(v) ? [unknownId] : unknownId]),
          ),
        );
        expect(foreign.status, JSON.stringify(ids)).toBe(422);
        expect(foreign.body).toEqual(unknown.body);
      }
      const patch = await api().json(
        'PATCH',
        v1(`/products/${b.product.id}`),
        { category_id: a.category.id },
        b.t.token,
      );
      expect(patch.status).toBe(422);
      const mods = await api().json(
        'PATCH',
        v1(`/modifier-groups/${b.group.id}`),
        { modifiers: [{ id: a.group.modifiers[0].id, name: 'Stolen' }] },
        b.t.token,
      );
      expect(mods.status).toBe(422);
      const aGroup = await body(await get(`/modifier-groups/${a.group.id}`, a.t.token));
      expect(aGroup.modifiers[0].name).toBe('Small');
    });
  });

  describe('GET /catalog', () => {
    it('returns the whole catalog with a version every write bumps, and an ETag', async () => {
      const { t, product, category, group, rate } = await seedCatalog(api());
      const res = await get('/catalog', t.token);
      expect(res.status).toBe(200);
      const cat = await body(res);
      expect(cat).toMatchObject({ currency: 'EUR', tax_inclusive: false, full: true, deleted: [] });
      expect(cat.products.map((p: Json) => p.id)).toEqual([product.id]);
      expect(cat.categories.map((c: Json) => c.id)).toEqual([category.id]);
      expect(cat.modifier_groups.map((g: Json) => g.id)).toEqual([group.id]);
      expect(cat.tax_rates.map((r: Json) => r.id)).toContain(rate.id);
      expect(cat.version).toBe(5);
      expect(res.headers.get('etag')).toMatch(/^W\/".+"$/);
      await api().json('PATCH', v1(`/products/${product.id}`), { available: false }, t.token);
      const next = await body(await get('/catalog', t.token));
      expect(next.version).toBe(6);
      expect(next.products[0].available).toBe(false);
      // A refused write changes nothing, version included.
      await api().json('DELETE', v1(`/categories/${category.id}`), undefined, t.token);
      expect((await body(await get('/catalog', t.token))).version).toBe(6);
    });

    it('answers If-None-Match with 304 until the catalog changes', async () => {
      const { t, category } = await seedCatalog(api());
      const first = await get('/catalog', t.token);
      const etag = first.headers.get('etag')!;
      const again = await get('/catalog', t.token, { 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe('');
      await api().json('PATCH', v1(`/categories/${category.id}`), { name: 'Kaffee' }, t.token);
      const changed = await get('/catalog', t.token, { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
    });

    it('takes a new currency or price mode as a catalog change: a new version and ETag, an empty delta', async () => {
      const { t } = await seedCatalog(api());
      const first = await get('/catalog', t.token);
      const { version } = await body(first);
      const patch = await api().json('PATCH', v1('/tenant'), { currency: 'GBP' }, t.token);
      expect(patch.status).toBe(200);
      const delta = await body(await get(`/catalog?since=${version}`, t.token));
      expect(delta).toMatchObject({ version: version + 1, currency: 'GBP', full: false });
      expect(delta.products).toEqual([]);
      const changed = await get('/catalog', t.token, {
        'if-none-match': first.headers.get('etag')!,
      });
      expect(changed.status).toBe(200);
      // The same currency again, or another setting, is no catalog change.
      await api().json('PATCH', v1('/tenant'), { currency: 'GBP', name: 'Renamed' }, t.token);
      expect((await body(await get('/catalog', t.token))).version).toBe(version + 1);
      await api().json('PATCH', v1('/tenant'), { tax_inclusive: true }, t.token);
      expect(await body(await get('/catalog', t.token))).toMatchObject({
        version: version + 2,
        tax_inclusive: true,
      });
    });

    it('sends only what changed after ?since=, with tombstones', async () => {
      const { t, product, category, group, post } = await seedCatalog(api());
      const base = await body(await get('/catalog', t.token));
      const same = await body(await get(`/catalog?since=${base.version}`, t.token));
      expect(same).toMatchObject({
        version: base.version,
        full: false,
        categories: [],
        products: [],
        modifier_groups: [],
        tax_rates: [],
        deleted: [],
      });
      await api().json('PATCH', v1(`/products/${product.id}`), { price: 400 }, t.token);
      const tea = await post('/categories', { name: 'Tea' });
      const extras = await post('/modifier-groups', { name: 'Extras', modifiers: [] });
      await api().json('DELETE', v1(`/modifier-groups/${extras.id}`), undefined, t.token);
      await api().json('PATCH', v1(`/products/${product.id}`), { modifier_group_ids: [] }, t.token);
      await api().json('DELETE', v1(`/modifier-groups/${group.id}`), undefined, t.token);
      const delta = await body(await get(`/catalog?since=${base.version}`, t.token));
      expect(delta.version).toBe(base.version + 6);
      expect(delta.full).toBe(false);
      expect(delta.products.map((p: Json) => [p.id, p.price])).toEqual([[product.id, 400]]);
      expect(delta.categories.map((c: Json) => c.id)).toEqual([tea.id]);
      expect(delta.modifier_groups).toEqual([]);
      expect(delta.tax_rates).toEqual([]);
      expect(delta.deleted).toEqual(
        expect.arrayContaining([
          { type: 'modifier_group', id: extras.id },
          { type: 'modifier_group', id: group.id },
        ]),
      );
      await api().json('DELETE', v1(`/products/${product.id}`), undefined, t.token);
      const later = await body(await get(`/catalog?since=${delta.version}`, t.token));
      expect(later.products).toEqual([]);
      expect(later.deleted).toEqual([{ type: 'product', id: product.id }]);
      expect(category.id).toBeTruthy();
    });

    it('falls back to the full catalog for a since from the future, and 400s a bad since', async () => {
      const { t } = await seedCatalog(api());
      const future = await body(await get('/catalog?since=999999', t.token));
      expect(future.full).toBe(true);
      expect(future.products).toHaveLength(1);
      for (const since of ['-1', 'abc', '1.5', '']) {
        expect((await get(`/catalog?since=${since}`, t.token)).status, since).toBe(400);
      }
    });

    it('compresses with gzip or brotli when the client accepts it', async () => {
      const { t, post, rate } = await seedCatalog(api());
      for (let i = 0; i < 20; i++) {
        await post('/products', { name: `Cake ${i}`, price: 300 + i, tax_rate_id: rate.id });
      }
      const plain = await get('/catalog', t.token, { 'accept-encoding': 'identity' });
      expect(plain.headers.get('content-encoding')).toBeNull();
      const json = await plain.text();
      // Over real HTTP, fetch (undici) has already decoded the body; app.request() has not.
      const decode = (bytes: Buffer, enc: string | null) => {
        if (enc === 'gzip' && bytes[0] === 0x1f && bytes[1] === 0x8b) {
          expect(bytes.length).toBeLessThan(json.length / 3);
          return gunzipSync(bytes).toString();
        }
        if (enc === 'br' && bytes[0] !== 0x7b) {
          expect(bytes.length).toBeLessThan(json.length / 3);
          return brotliDecompressSync(bytes).toString();
        }
        return bytes.toString();
      };
      const gz = await get('/catalog', t.token, { 'accept-encoding': 'gzip' });
      expect(gz.headers.get('content-encoding')).toBe('gzip');
      expect(gz.headers.get('vary')).toContain('Accept-Encoding');
      expect(decode(Buffer.from(await gz.arrayBuffer()), 'gzip')).toBe(json);
      const br = await get('/catalog', t.token, { 'accept-encoding': 'gzip, deflate, br' });
      const enc = br.headers.get('content-encoding');
      expect(['br', 'gzip']).toContain(enc);
      expect(decode(Buffer.from(await br.arrayBuffer()), enc)).toBe(json);
      const none = await get('/catalog', t.token, { 'accept-encoding': 'gzip;q=0, identity' });
      expect(none.headers.get('content-encoding')).toBeNull();
    });
  });

  describe('product images', () => {
    const put = (id: string, token: string, bytes: Uint8Array | string, type: string) =>
      api().fetch(v1(`/products/${id}/image`), {
        method: 'PUT',
        headers: { 'content-type': type, authorization: `Bearer ${token}` },
        body: bytes as BodyInit,
      });

    const decoding = () => target().images !== false;

    it.runIf(!decoding())('answers 501 where the runtime cannot process images yet', async () => {
      const { t, product } = await seedCatalog(api());
      const res = await put(product.id, t.token, await jpegWithGps(64, 64), 'image/jpeg');
      expect(res.status).toBe(501);
      const after = await body(
        await api().json('GET', v1(`/products/${product.id}`), undefined, t.token),
      );
      expect(after.image_url).toBeNull();
    });

    it.runIf(decoding())(
      'stores a JPEG as WebP ≤ 800 px plus a thumbnail, without its GPS EXIF',
      async () => {
        const { t, product } = await seedCatalog(api());
        const jpeg = await jpegWithGps();
        const inMeta = await sharp(jpeg).metadata();
        expect(inMeta.exif?.includes(Buffer.from('PhoneCo'))).toBe(true);
        const res = await put(product.id, t.token, jpeg, 'image/jpeg');
        expect(res.status).toBe(200);
        const p = await body(res);
        expect(p.image_url).toMatch(/\/api\/v1\/images\/[0-9a-f]{64}\.webp$/);
        expect(p.thumbnail_url).toMatch(/\/api\/v1\/images\/[0-9a-f]{64}\.webp$/);
        const full = await api().fetch(new URL(p.image_url).pathname);
        expect(full.status).toBe(200);
        expect(full.headers.get('content-type')).toBe('image/webp');
        expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        const fullBytes = Buffer.from(await full.arrayBuffer());
        const meta = await sharp(fullBytes).metadata();
        expect(meta.format).toBe('webp');
        expect([meta.width, meta.height]).toEqual([800, 600]);
        expect(meta.exif).toBeUndefined();
        expect(meta.xmp).toBeUndefined();
        expect(fullBytes.includes(Buffer.from('PhoneCo'))).toBe(false);
        const thumb = await api().fetch(new URL(p.thumbnail_url).pathname);
        const tmeta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
        expect(Math.max(tmeta.width!, tmeta.height!)).toBe(200);
        expect(tmeta.exif).toBeUndefined();
        const cat = await body(await api().json('GET', v1('/catalog'), undefined, t.token));
        expect(cat.products[0].image_url).toBe(p.image_url);
      },
    );

    it.runIf(decoding())('applies the EXIF orientation', async () => {
      const { t, product } = await seedCatalog(api());
      const sideways = await sharp({
        create: { width: 400, height: 200, channels: 3, background: '#336699' },
      })
        .jpeg()
        .withMetadata({ orientation: 6 })
        .toBuffer();
      const p = await body(await put(product.id, t.token, sideways, 'image/jpeg'));
      const img = await api().fetch(new URL(p.image_url).pathname);
      const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
      expect([meta.width, meta.height]).toEqual([200, 400]);
    });

    it.runIf(decoding())('accepts PNG and WebP', async () => {
      const { t, product } = await seedCatalog(api());
      const png = await sharp({
        create: { width: 300, height: 300, channels: 4, background: '#ff000080' },
      })
        .png()
        .toBuffer();
      const webp = await sharp({
        create: { width: 1000, height: 500, channels: 3, background: '#00ff00' },
      })
        .webp()
        .toBuffer();
      const a = await put(product.id, t.token, png, 'image/png');
      expect(a.status).toBe(200);
      const b = await put(product.id, t.token, webp, 'image/webp');
      expect(b.status).toBe(200);
      const p = await body(b);
      const meta = await sharp(
        Buffer.from(await (await api().fetch(new URL(p.image_url).pathname)).arrayBuffer()),
      ).metadata();
      expect([meta.width, meta.height]).toEqual([800, 400]);
    });

    it('refuses bad uploads (415, 413, 422) and leaves the product as it was', async () => {
      const { t, product } = await seedCatalog(api());
      const before = await body(
        await api().json('GET', v1(`/products/${product.id}`), undefined, t.token),
      );
      const jpeg = await jpegWithGps(64, 64);
      const corrupt = new Uint8Array(jpeg.subarray(0, 400));
      corrupt.fill(0x41, 300);
      const decodes = target().imageProcessCount?.() ?? 0;
      expect((await put(product.id, t.token, 'hello', 'text/plain')).status).toBe(415);
      expect((await put(product.id, t.token, jpeg, 'image/gif')).status).toBe(415);
      expect((await put(product.id, t.token, 'not an image at all', 'image/jpeg')).status).toBe(
        422,
      );
      expect((await put(product.id, t.token, hugePngHeader(), 'image/png')).status).toBe(422);
      // No decoder ever saw the 10000×10000 header nor the text.
      expect(target().imageProcessCount?.() ?? 0).toBe(decodes);
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
        .png()
        .toBuffer();
      expect((await put(product.id, t.token, png, 'image/jpeg')).status).toBe(422);
      if (decoding()) {
        expect((await put(product.id, t.token, corrupt, 'image/jpeg')).status).toBe(422);
      }
      const big = new Uint8Array(5 * 1024 * 1024 + 1);
      big.set(jpeg.subarray(0, 100));
      const tooBig = await put(product.id, t.token, big, 'image/jpeg');
      expect(tooBig.status).toBe(413);
      const after = await body(
        await api().json('GET', v1(`/products/${product.id}`), undefined, t.token),
      );
      expect(after).toEqual(before);
    });

    it('lets only owners and managers upload, and 404s unknown image keys', async () => {
      const { t, product } = await seedCatalog(api());
      const cashier = await staff(api(), t.token, 'cashier');
      const jpeg = await jpegWithGps(32, 32);
      expect((await put(product.id, cashier.token, jpeg, 'image/jpeg')).status).toBe(403);
      expect((await put(unknownId, t.token, jpeg, 'image/jpeg')).status).toBe(404);
      expect((await api().fetch(v1(`/images/${'0'.repeat(64)}.webp`))).status).toBe(404);
      expect((await api().fetch(v1('/images/..%2F..%2Fetc%2Fpasswd'))).status).toBe(404);
    });
  });
}
