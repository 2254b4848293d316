import { describe, expect, it } from 'vitest';
import type { Api } from '../test/client';
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
}
