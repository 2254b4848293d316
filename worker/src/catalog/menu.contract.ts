import { describe, expect, it } from 'vitest';
import { type Api, newTenant, staff } from '../test/client';
import { seedCatalog } from './catalog.contract';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by assertions, not types
type Json = Record<string, any>;
const v1 = (p: string) => `/api/v1${p}`;

export interface MenuTarget {
  api: Api;
}

/** Allergens and labels on products, and the menu CSV (export, import, dry run), on every runtime. */
export function menuContract(target: () => MenuTarget) {
  const api = () => target().api;

  describe('allergens and labels', () => {
    it('stores allergens and labels, patches them, and shows them on the catalog and the public menu', async () => {
      const { t, category, rate, post } = await seedCatalog(api());
      const created = await post('/products', {
        category_id: category.id,
        name: 'Peanut cookie',
        price: 250,
        tax_rate_id: rate.id,
        allergens: ['peanuts', 'gluten', 'milk'],
        labels: ['vegetarian'],
      });
      expect(created).toMatchObject({
        allergens: ['peanuts', 'gluten', 'milk'],
        labels: ['vegetarian'],
      });
      const plain = await post('/products', {
        category_id: category.id,
        name: 'Water',
        price: 100,
        tax_rate_id: rate.id,
      });
      expect(plain).toMatchObject({ allergens: [], labels: [] });

      const patched = await api().json(
        'PATCH',
        v1(`/products/${created.id}`),
        { allergens: ['nuts'], labels: [] },
        t.token,
      );
      expect(patched.status).toBe(200);
      expect(await patched.json()).toMatchObject({ allergens: ['nuts'], labels: [] });

      const catalog = (await (
        await api().json('GET', v1('/catalog'), undefined, t.token)
      ).json()) as Json;
      const inCatalog = catalog.products.find((p: Json) => p.id === created.id);
      expect(inCatalog).toMatchObject({ allergens: ['nuts'], labels: [] });

      const table = (await (
        await api().json('POST', v1('/tables'), { name: 'T1' }, t.token)
      ).json()) as Json;
      const pub = (await (
        await api().fetch(v1(`/public/tables/${table.qr_token}`))
      ).json()) as Json;
      const onMenu = pub.catalog.products.find((p: Json) => p.id === created.id);
      expect(onMenu).toMatchObject({ allergens: ['nuts'], labels: [] });
      const water = pub.catalog.products.find((p: Json) => p.id === plain.id);
      expect(water).toMatchObject({ allergens: [], labels: [] });
    });

    it('lists archived products and restores one, unless its sku went to another product', async () => {
      const { t, product, category, rate, post } = await seedCatalog(api());
      const del = await api().json('DELETE', v1(`/products/${product.id}`), undefined, t.token);
      expect(del.status).toBe(204);
      const archived = (await (
        await api().json('GET', v1('/products?archived=true'), undefined, t.token)
      ).json()) as Json;
      expect(archived.data.map((p: Json) => p.id)).toEqual([product.id]);
      const restore = () =>
        api().json('POST', v1(`/products/${product.id}/restore`), undefined, t.token);
      const clash = await post('/products', {
        category_id: category.id,
        name: 'Clash',
        price: 1,
        tax_rate_id: rate.id,
        sku: product.sku,
      });
      expect((await restore()).status).toBe(409);
      await api().json('DELETE', v1(`/products/${clash.id}`), undefined, t.token);
      const ok = await restore();
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ id: product.id, archived_at: null });
      const catalog = (await (
        await api().json('GET', v1('/catalog'), undefined, t.token)
      ).json()) as Json;
      expect(catalog.products.map((p: Json) => p.id)).toContain(product.id);
    });

    it('refuses unknown or repeated allergen and label codes with 400 and changes nothing', async () => {
      const { t, product } = await seedCatalog(api());
      for (const bad of [
        { allergens: ['peanut'] },
        { allergens: ['milk', 'milk'] },
        { allergens: 'milk' },
        { labels: ['keto'] },
        { labels: [null] },
      ]) {
        const res = await api().json('PATCH', v1(`/products/${product.id}`), bad, t.token);
        expect(res.status, JSON.stringify(bad)).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
      const after = (await (
        await api().json('GET', v1(`/products/${product.id}`), undefined, t.token)
      ).json()) as Json;
      expect(after).toMatchObject({ allergens: [], labels: [] });
    });
  });

  const csv = (text: string, token: string, query = '', type = 'text/csv') =>
    api().fetch(v1(`/catalog/import${query}`), {
      method: 'POST',
      headers: { 'content-type': type, authorization: `Bearer ${token}` },
      body: text,
    });
  const jsonOf = async (res: Response) => (await res.json()) as Json;
  const catalogOf = async (token: string) =>
    jsonOf(await api().json('GET', v1('/catalog'), undefined, token));
  const exportOf = async (token: string) => {
    const res = await api().json('GET', v1('/catalog/export'), undefined, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  };

  describe('menu CSV', () => {
    it('imports a semicolon file from Excel (BOM, quoted newline, decimal comma), creating categories and rates', async () => {
      const t = await newTenant(api());
      const file =
        '\uFEFFname;category;price;rate;sku;allergens;labels;description;colour\r\n' +
        'Espresso;Coffee;2,20;19;ESP;;vegan;;brown\r\n' +
        'Cheesecake;Cakes;4.50;7;CAKE-1;"milk;eggs;gluten";vegetarian;"Baked daily\r\nwith quark";\r\n' +
        ';;;;;;;;\r\n' +
        'Flat white;Coffee;3.90;;FW;Milk;;;\r\n';
      const dry = await csv(file, t.token, '?dry_run=true');
      expect(dry.status).toBe(200);
      const preview = await jsonOf(dry);
      expect(preview).toMatchObject({
        dry_run: true,
        rows: 3,
        created: 3,
        updated: 0,
        errors: [],
        categories_created: ['Coffee', 'Cakes'],
        tax_rates_created: ['19 %', '7 %'],
      });
      expect(preview.warnings).toEqual([expect.stringContaining('colour')]);
      expect((await catalogOf(t.token)).products).toEqual([]);

      const res = await csv(file, t.token);
      expect(res.status).toBe(200);
      expect(await jsonOf(res)).toMatchObject({ dry_run: false, rows: 3, created: 3, updated: 0 });
      const cat = await catalogOf(t.token);
      const byName = Object.fromEntries(cat.products.map((p: Json) => [p.name, p]));
      const rates = Object.fromEntries(cat.tax_rates.map((r: Json) => [r.id, r.rate_bp]));
      const cats = Object.fromEntries(cat.categories.map((c: Json) => [c.id, c.name]));
      expect(byName.Espresso).toMatchObject({ price: 220, sku: 'ESP', labels: ['vegan'] });
      expect(rates[byName.Espresso.tax_rate_id]).toBe(1900);
      expect(byName.Cheesecake).toMatchObject({
        price: 450,
        allergens: ['milk', 'eggs', 'gluten'],
        description: 'Baked daily\r\nwith quark',
      });
      expect(cats[byName.Cheesecake.category_id]).toBe('Cakes');
      expect(rates[byName.Cheesecake.tax_rate_id]).toBe(700);
      // No rate on the row: Coffee has a product with one earlier in the file, so it takes that.
      expect(rates[byName['Flat white'].tax_rate_id]).toBe(1900);
      expect(byName['Flat white'].allergens).toEqual(['milk']);
    });

    it('previews bad rows in a dry run, refuses the import with 422 and changes nothing', async () => {
      const t = await newTenant(api());
      const good = Array.from({ length: 5 }, (_, i) => `Item ${i},Food,${i + 1}.00,7,,,`);
      const file = [
        'name,category,price,rate,sku,allergens,available',
        ...good,
        'Bad price,Food,1.234,7,,,',
        ',Food,1.00,7,,,',
        'Bad allergen,Food,1.00,7,,shellfish,',
        'No rate,Drinks,2.00,,,,',
        'Dup sku A,Food,1.00,7,SKU-1,,',
        'Dup sku B,Food,1.00,7,SKU-1,,maybe',
      ].join('\n');
      const before = await catalogOf(t.token);
      const dry = await jsonOf(await csv(file, t.token, '?dry_run=1'));
      expect(dry.rows).toBe(11);
      expect(dry.errors.map((e: Json) => [e.row, e.column])).toEqual([
        [7, 'price'],
        [8, 'name'],
        [9, 'allergens'],
        [10, 'rate'],
        [12, 'available'],
      ]);
      for (const e of dry.errors) expect(e.message).toEqual(expect.any(String));
      const res = await csv(file, t.token);
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = await jsonOf(res);
      expect(problem.errors).toContainEqual(
        expect.objectContaining({ path: 'rows.7.price', message: expect.any(String) }),
      );
      const after = await catalogOf(t.token);
      expect(after.version).toBe(before.version);
      expect(after.products).toEqual([]);
      expect(after.categories).toEqual([]);

      // Fix the rows and the same file imports whole.
      const fixed = file
        .replace('1.234', '1.23')
        .replace('\n,Food,1.00', '\nNamed,Food,1.00')
        .replace('shellfish', 'crustaceans')
        .replace('No rate,Drinks,2.00,,', 'No rate,Drinks,2.00,19,')
        .replace('Dup sku B,Food,1.00,7,SKU-1,,maybe', 'Dup sku B,Food,1.00,7,SKU-2,,false');
      const ok = await csv(fixed, t.token);
      expect(await jsonOf(ok)).toMatchObject({ rows: 11, created: 11, errors: [] });
      expect(ok.status).toBe(200);
    });

    it('a plan error found against the catalog (an existing barcode) also refuses the whole file', async () => {
      const { t } = await (async () => {
        const t = await newTenant(api());
        return { t };
      })();
      await csv('name,category,price,rate,barcode\nA,Food,1.00,7,111\n', t.token);
      const before = await catalogOf(t.token);
      const res = await csv(
        'name,category,price,rate,barcode\nB,Food,2.00,7,\nC,Food,1.00,7,111\n',
        t.token,
      );
      expect(res.status).toBe(422);
      expect((await jsonOf(res)).errors).toEqual([
        expect.objectContaining({ path: 'rows.3.barcode' }),
      ]);
      const after = await catalogOf(t.token);
      expect(after.version).toBe(before.version);
      expect(after.products.map((p: Json) => p.name)).toEqual(['A']);
    });

    it('re-imports by sku (rename and reprice), else by name within the category, and audits the price', async () => {
      const t = await newTenant(api());
      await csv(
        'name,category,price,rate,sku\nLatte,Coffee,3.50,19,LAT\nMuffin,Cakes,2.00,7,\nMuffin,Breakfast,2.50,7,\n',
        t.token,
      );
      const first = await catalogOf(t.token);
      const ids = first.products.map((p: Json) => p.id).sort();
      const res = await csv(
        'name,category,price,sku\nCaffè latte,Coffee,3.80,LAT\nmuffin,cakes,2.20,\n',
        t.token,
      );
      expect(res.status).toBe(200);
      expect(await jsonOf(res)).toMatchObject({ created: 0, updated: 2, unchanged: 0 });
      const cat = await catalogOf(t.token);
      expect(cat.products.map((p: Json) => p.id).sort()).toEqual(ids);
      const prices = Object.fromEntries(cat.products.map((p: Json) => [`${p.name}`, p.price]));
      expect(prices).toMatchObject({ 'Caffè latte': 380, muffin: 220, Muffin: 250 });
      const audit = await jsonOf(
        await api().json('GET', v1('/audit?action=product.price_changed'), undefined, t.token),
      );
      expect(audit.data.map((a: Json) => a.detail.to).sort()).toEqual([220, 380]);
    });

    it('exports with formula cells defused, and the export imports back unchanged', async () => {
      const { t, category, rate, group, post } = await seedCatalog(api());
      await post('/products', {
        category_id: category.id,
        name: '=HYPERLINK("http://evil.test","click")',
        price: 1205,
        tax_rate_id: rate.id,
        sku: '+SKU',
        allergens: ['sesame', 'soy'],
        labels: ['vegan', 'spicy'],
        modifier_group_ids: [group.id],
        description: 'Line one\nline "two", with comma',
        available: false,
      });
      const text = await exportOf(t.token);
      expect(
        text.startsWith('\uFEFFname,category,price,rate,sku,barcode,available,allergens'),
      ).toBe(true);
      expect(text).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
      expect(text).toContain(`'+SKU`);
      expect(text).toContain('12.05,7,');
      expect(text).toContain('sesame;soy');
      expect(text).toContain('"Line one\nline ""two"", with comma"');
      for (const line of text.split('\r\n').slice(1)) {
        expect(line).not.toMatch(/(^|,)[=+\-@]/);
      }
      const before = await catalogOf(t.token);
      const res = await csv(text, t.token);
      expect(res.status).toBe(200);
      expect(await jsonOf(res)).toMatchObject({ rows: 2, created: 0, updated: 0, unchanged: 2 });
      const after = await catalogOf(t.token);
      expect(after.products).toEqual(before.products);
      expect(await exportOf(t.token)).toBe(text);
    });

    it('refuses wrong media types, non-UTF-8 bytes, a missing column and other roles, changing nothing', async () => {
      const t = await newTenant(api());
      const file = 'name,category,price,rate\nTea,Drinks,2.00,7\n';
      expect((await csv(file, t.token, '', 'application/json')).status).toBe(415);
      expect((await csv(file, t.token, '?dry_run=maybe')).status).toBe(400);
      const latin1 = new Uint8Array([
        ...new TextEncoder().encode('name,category,price,rate\nCaf'),
        0xe9,
        0x2c,
        0x41,
        0x2c,
        0x31,
        0x2c,
        0x37,
        0x0a,
      ]);
      const bad = await api().fetch(v1('/catalog/import'), {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${t.token}` },
        body: latin1,
      });
      expect(bad.status).toBe(400);
      expect((await jsonOf(bad)).detail).toContain('CSV UTF-8');
      const noPrice = await csv('name,category\nTea,Drinks\n', t.token);
      expect(noPrice.status).toBe(400);
      expect((await jsonOf(noPrice)).detail).toContain('price');
      expect((await csv('', t.token)).status).toBe(400);
      expect((await csv('name,category,price\n"unclosed,Drinks,1\n', t.token)).status).toBe(400);
      const cashier = await staff(api(), t.token, 'cashier');
      expect((await csv(file, cashier.token)).status).toBe(403);
      expect(
        (await api().json('GET', v1('/catalog/export'), undefined, cashier.token)).status,
      ).toBe(403);
      expect((await catalogOf(t.token)).products).toEqual([]);
    });
  });
}
