import { describe, expect, it } from 'vitest';
import type { Catalog, CatalogDelta } from '../api/types';
import { applyCatalogDelta } from './catalog';

const at = '2026-01-01T00:00:00.000Z';

/** A product as GET /catalog writes it. */
const product = (id: string, price: number, position = 0): CatalogDelta['products'][number] => ({
  id,
  category_id: 'c',
  name: id,
  description: null,
  price,
  tax_rate_id: 't',
  takeaway_tax_rate_id: null,
  sku: null,
  barcode: null,
  available: true,
  position,
  modifier_group_ids: [],
  allergens: [],
  labels: [],
  image_url: null,
  thumbnail_url: null,
  updated_at: at,
  archived_at: null,
});

const base: Catalog = {
  version: 3,
  currency: 'EUR',
  tax_inclusive: true,
  categories: [{ id: 'c', name: 'Coffee', position: 0, default_course: 1, updated_at: at }],
  products: [product('a', 100, 0), product('b', 200, 1)],
  modifier_groups: [],
  tax_rates: [{ id: 't', name: 'Std', rate_bp: 1900, position: 0, updated_at: at }],
};

/** A GET /catalog?since= answer: the cached catalog unchanged unless `over` says otherwise. */
const answer = (over: Partial<CatalogDelta>): CatalogDelta => ({
  version: 3,
  currency: 'EUR',
  tax_inclusive: true,
  full: false,
  categories: [{ id: 'c', name: 'Coffee', position: 0, default_course: 1, updated_at: at }],
  products: [product('a', 100, 0), product('b', 200, 1)],
  modifier_groups: [],
  tax_rates: [{ id: 't', name: 'Std', rate_bp: 1900, position: 0, updated_at: at }],
  deleted: [],
  ...over,
});

describe('applyCatalogDelta', () => {
  it('upserts changed objects and drops tombstones', () => {
    const next = applyCatalogDelta(
      base,
      answer({
        version: 5,
        categories: [],
        tax_rates: [],
        products: [product('a', 150, 0), product('c', 300, 2)],
        deleted: [{ type: 'product', id: 'b' }],
      }),
    );
    expect(next.version).toBe(5);
    expect(next.products.map((p) => [p.id, p.price])).toEqual([
      ['a', 150],
      ['c', 300],
    ]);
    expect(next.categories).toEqual(base.categories);
    expect(next.tax_rates).toEqual(base.tax_rates);
  });

  it('replaces the cache with a full answer', () => {
    const next = applyCatalogDelta(
      base,
      answer({
        version: 9,
        full: true,
        products: [product('z', 1)],
      }),
    );
    expect(next.products.map((p) => p.id)).toEqual(['z']);
    expect('full' in next).toBe(false);
  });

  it('an empty delta changes nothing but the version', () => {
    const next = applyCatalogDelta(
      base,
      answer({
        categories: [],
        products: [],
        modifier_groups: [],
        tax_rates: [],
        deleted: [],
      }),
    );
    expect(next).toEqual(base);
  });
});
