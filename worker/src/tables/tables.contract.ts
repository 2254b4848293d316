import { describe, expect, it } from 'vitest';
import { seedCatalog } from '../catalog/catalog.contract';
import { type Api, newTenant, staff } from '../test/client';

export interface TablesTarget {
  api: Api;
  /** The PUBLIC_URL the server under test was started with. */
  publicUrl: string;
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by assertions, not types
type Json = Record<string, any>;
const v1 = (p: string) => `/api/v1${p}`;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

/** Tables, QR codes and the public menu (docs/catalog.md, Tables and QR codes), on every runtime. */
export function tablesContract(target: () => TablesTarget) {
  const api = () => target().api;

  describe('tables', () => {
    it('creates, lists, patches and deletes tables with unguessable QR tokens', async () => {
      const t = await newTenant(api());
      const res = await api().json(
        'POST',
        v1('/tables'),
        { name: 'T1', area: 'Terrace', seats: 4 },
        t.token,
      );
      expect(res.status).toBe(201);
      const t1 = await json(res);
      expect(t1).toMatchObject({ name: 'T1', area: 'Terrace', seats: 4, position: 0 });
      expect(t1.qr_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(t1.qr_url).toBe(`${target().publicUrl}/t/${t1.qr_token}`);
      const t2 = await json(await api().json('POST', v1('/tables'), { name: 'T2' }, t.token));
      expect(t2.qr_token).not.toBe(t1.qr_token);
      expect((await api().json('POST', v1('/tables'), { name: 't1' }, t.token)).status).toBe(409);
      expect((await api().json('POST', v1('/tables'), { name: '' }, t.token)).status).toBe(400);
      expect(
        (await api().json('POST', v1('/tables'), { name: 'X', seats: 0 }, t.token)).status,
      ).toBe(400);
      const list = await json(await api().json('GET', v1('/tables?limit=1'), undefined, t.token));
      expect(list.data.map((x: Json) => x.name)).toEqual(['T1']);
      const rest = await json(
        await api().json('GET', v1(`/tables?cursor=${list.next_cursor}`), undefined, t.token),
      );
      expect(rest.data.map((x: Json) => x.name)).toEqual(['T2']);
      const patched = await json(
        await api().json('PATCH', v1(`/tables/${t2.id}`), { seats: 2 }, t.token),
      );
      expect(patched).toMatchObject({ name: 'T2', seats: 2, qr_token: t2.qr_token });
      expect(
        (await api().json('PATCH', v1(`/tables/${t2.id}`), { name: 'T1' }, t.token)).status,
      ).toBe(409);
      expect((await api().json('DELETE', v1(`/tables/${t2.id}`), undefined, t.token)).status).toBe(
        204,
      );
      expect((await api().json('GET', v1(`/tables/${t2.id}`), undefined, t.token)).status).toBe(
        404,
      );
      expect((await api().fetch(v1(`/public/tables/${t2.qr_token}`))).status).toBe(404);
      // The name is free again once the table is gone.
      expect((await api().json('POST', v1('/tables'), { name: 'T2' }, t.token)).status).toBe(201);
    });

    it('lets every role read tables and only owners and managers write them', async () => {
      const t = await newTenant(api());
      const table = await json(await api().json('POST', v1('/tables'), { name: 'T1' }, t.token));
      for (const role of ['cashier', 'waiter', 'kitchen']) {
        const s = await staff(api(), t.token, role);
        expect((await api().json('GET', v1('/tables'), undefined, s.token)).status).toBe(200);
        expect((await api().json('POST', v1('/tables'), { name: 'X' }, s.token)).status).toBe(403);
        expect(
          (await api().json('POST', v1(`/tables/${table.id}/rotate-qr`), undefined, s.token))
            .status,
        ).toBe(403);
      }
      expect((await api().json('GET', v1('/tables'))).status).toBe(401);
    });

    it('answers another tenant’s table ids with 404 on every route', async () => {
      const a = await newTenant(api());
      const b = await newTenant(api());
      const table = await json(await api().json('POST', v1('/tables'), { name: 'T1' }, a.token));
      const calls: [string, string, unknown?][] = [
        ['GET', `/tables/${table.id}`],
        ['GET', `/tables/${table.id}/qr.svg`],
        ['PATCH', `/tables/${table.id}`, { name: 'Mine' }],
        ['POST', `/tables/${table.id}/rotate-qr`],
        ['DELETE', `/tables/${table.id}`],
        ['GET', '/tables/not-a-uuid'],
      ];
      for (const [method, path, b2] of calls) {
        expect((await api().json(method, v1(path), b2, b.token)).status, `${method} ${path}`).toBe(
          404,
        );
      }
      const still = await json(
        await api().json('GET', v1(`/tables/${table.id}`), undefined, a.token),
      );
      expect(still).toMatchObject({ name: 'T1', qr_token: table.qr_token });
    });

    it('draws the QR code of PUBLIC_URL/t/{token} as SVG', async () => {
      const t = await newTenant(api());
      const table = await json(await api().json('POST', v1('/tables'), { name: 'T1' }, t.token));
      const res = await api().json('GET', v1(`/tables/${table.id}/qr.svg`), undefined, t.token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('image/svg+xml');
      const svg = await res.text();
      expect(svg).toMatch(/^<svg[^>]+viewBox/);
      expect(svg).toContain('<path');
      const { default: QRCode } = await import('qrcode');
      const expected = await QRCode.toString(`${target().publicUrl}/t/${table.qr_token}`, {
        type: 'svg',
        errorCorrectionLevel: 'M',
        margin: 2,
      });
      expect(svg).toBe(expected);
    });

    it('rotates the QR token: the old one stops working at once', async () => {
      const t = await newTenant(api());
      const table = await json(await api().json('POST', v1('/tables'), { name: 'T1' }, t.token));
      expect((await api().fetch(v1(`/public/tables/${table.qr_token}`))).status).toBe(200);
      const res = await api().json('POST', v1(`/tables/${table.id}/rotate-qr`), undefined, t.token);
      expect(res.status).toBe(200);
      const rotated = await json(res);
      expect(rotated.qr_token).not.toBe(table.qr_token);
      expect((await api().fetch(v1(`/public/tables/${table.qr_token}`))).status).toBe(404);
      expect((await api().fetch(v1(`/public/tables/${rotated.qr_token}`))).status).toBe(200);
    });
  });

  describe('public menu', () => {
    it('shows available products only, without internal fields, and no login', async () => {
      const s = await seedCatalog(api());
      const hidden = await s.post('/products', {
        name: 'Sold out',
        price: 100,
        tax_rate_id: s.rate.id,
        available: false,
        sku: 'SECRET-SKU',
      });
      const table = await json(await api().json('POST', v1('/tables'), { name: 'T7' }, s.t.token));
      const res = await api().fetch(v1(`/public/tables/${table.qr_token}`));
      expect(res.status).toBe(200);
      const menu = await json(res);
      expect(menu.tenant).toEqual({ name: expect.any(String), currency: 'EUR', qr_ordering: true });
      expect(menu.table).toEqual({ name: 'T7' });
      expect(menu.catalog.products.map((p: Json) => p.id)).toEqual([s.product.id]);
      expect(menu.catalog.products[0]).toEqual({
        id: s.product.id,
        category_id: s.category.id,
        name: 'Latte',
        description: null,
        price: 350,
        tax_rate_id: s.rate.id,
        takeaway_tax_rate_id: s.rate19.id,
        modifier_group_ids: [s.group.id],
        allergens: [],
        labels: [],
        image_url: null,
        thumbnail_url: null,
      });
      expect(menu.catalog.modifier_groups[0].modifiers[0]).toEqual({
        id: expect.any(String),
        name: 'Small',
        price_delta: 0,
      });
      const text = JSON.stringify(menu);
      for (const secret of [
        'SECRET-SKU',
        'LAT-1',
        '4006381333931',
        hidden.id,
        'qr_token',
        'updated_at',
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toContain(table.qr_token);
    });

    it('answers unknown and malformed tokens with 404', async () => {
      for (const token of ['x', 'A'.repeat(32), '../../etc/passwd', 'A'.repeat(500)]) {
        expect(
          (await api().fetch(v1(`/public/tables/${encodeURIComponent(token)}`))).status,
          token,
        ).toBe(404);
      }
    });

    it('still shows the menu when QR ordering is off, saying so', async () => {
      const t = await newTenant(api());
      const table = await json(await api().json('POST', v1('/tables'), { name: 'T1' }, t.token));
      await api().json('PATCH', v1('/tenant'), { qr_ordering: false }, t.token);
      const menu = await json(await api().fetch(v1(`/public/tables/${table.qr_token}`)));
      expect(menu.tenant.qr_ordering).toBe(false);
      expect(menu.catalog.products).toEqual([]);
    });
  });
}
