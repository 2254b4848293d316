import { describe, expect, it } from 'vitest';
import type { Catalog, ModifierGroup, Product } from '../api/types';
import { cartTotals, groupRule, modifierProblems } from './cart';

const size: ModifierGroup = {
  id: 'size',
  name: 'Size',
  min: 1,
  max: 1,
  modifiers: [
    { id: 's', name: 'Small', price_delta: 0 },
    { id: 'l', name: 'Large', price_delta: 90 },
  ],
};
const extras: ModifierGroup = {
  id: 'extras',
  name: 'Extras',
  min: 0,
  max: 2,
  modifiers: [
    { id: 'x', name: 'Shot', price_delta: 60 },
    { id: 'y', name: 'Syrup', price_delta: 40 },
    { id: 'z', name: 'Cream', price_delta: 50 },
  ],
};

describe('modifier rules', () => {
  it('requires min and refuses more than max', () => {
    expect(modifierProblems([size, extras], new Set())).toEqual(['Size: choose 1']);
    expect(modifierProblems([size, extras], new Set(['l']))).toEqual([]);
    expect(modifierProblems([size, extras], new Set(['l', 'x', 'y', 'z']))).toEqual([
      'Extras: choose at most 2',
    ]);
    expect([groupRule(size), groupRule(extras)]).toEqual(['Choose 1', 'Up to 2']);
  });
});

describe('cart totals', () => {
  const coffee: Product = {
    id: 'p',
    category_id: null,
    name: 'Cappuccino',
    description: null,
    price: 340,
    tax_rate_id: 'std',
    takeaway_tax_rate_id: 'red',
    modifier_group_ids: ['size'],
    image_url: null,
    thumbnail_url: null,
  };
  const catalog: Catalog = {
    version: 1,
    currency: 'EUR',
    tax_inclusive: true,
    categories: [],
    products: [coffee],
    modifier_groups: [size],
    tax_rates: [
      { id: 'std', name: 'Standard', rate_bp: 1900 },
      { id: 'red', name: 'Reduced', rate_bp: 700 },
    ],
  };
  const line = {
    id: 'l1',
    product: coffee,
    modifiers: [size.modifiers[1]!],
    quantity: 2,
    note: '',
  };

  it('prices like the server, with the takeaway rate for takeaway', () => {
    const dineIn = cartTotals([line], 'dine_in', catalog);
    expect(dineIn.total).toBe(860);
    expect(dineIn.tax_total).toBe(137); // 860 × 19/119 = 137.31
    const takeaway = cartTotals([line], 'takeaway', catalog);
    expect(takeaway.total).toBe(860);
    expect(takeaway.tax_total).toBe(56); // 860 × 7/107 = 56.26
  });
});
