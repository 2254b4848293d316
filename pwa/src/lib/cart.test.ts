import { describe, expect, it } from 'vitest';
import type { Catalog, ModifierGroup, Product } from '../api/types';
import { localOrder, orderBody, withLocalLines } from '../offline/orders';
import {
  type CartLine,
  cartTotals,
  defaultCourse,
  groupRule,
  modifierProblems,
  sameChoice,
  seatChoices,
} from './cart';

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

describe('seats and courses of cart lines', () => {
  const soup: Product = {
    id: 'soup',
    category_id: 'starters',
    name: 'Soup',
    description: null,
    price: 600,
    tax_rate_id: 'std',
    takeaway_tax_rate_id: null,
    modifier_group_ids: [],
    image_url: null,
    thumbnail_url: null,
  };
  const steak: Product = { ...soup, id: 'steak', category_id: 'mains', name: 'Steak', price: 2400 };
  const water: Product = { ...soup, id: 'water', category_id: null, name: 'Water', price: 200 };
  const catalog: Catalog = {
    version: 7,
    currency: 'EUR',
    tax_inclusive: true,
    categories: [
      { id: 'starters', name: 'Starters' },
      { id: 'mains', name: 'Mains', default_course: 2 },
    ],
    products: [soup, steak, water],
    modifier_groups: [],
    tax_rates: [{ id: 'std', name: 'Standard', rate_bp: 1000 }],
  };
  const line = (product: Product, extra: Partial<CartLine> = {}): CartLine => ({
    id: `l-${product.id}`,
    product,
    modifiers: [],
    quantity: 1,
    note: '',
    ...extra,
  });

  it("defaults the course to the product's category, 1 without one", () => {
    expect(defaultCourse(steak, catalog)).toBe(2);
    expect(defaultCourse(soup, catalog)).toBe(1);
    expect(defaultCourse(water, catalog)).toBe(1);
  });

  it("offers the table's seats, a default when unknown, and always the line's own seat", () => {
    expect(seatChoices(4)).toEqual([1, 2, 3, 4]);
    expect(seatChoices(null)).toHaveLength(8);
    expect(seatChoices(2, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(seatChoices(0)).toEqual([1]);
    expect(seatChoices(500)).toHaveLength(99);
  });

  it('adds a tap to a line only while it keeps the defaults (no seat, the default course)', () => {
    expect(sameChoice(line(steak, { seat: null, course: 2 }), steak, [], 2)).toBe(true);
    expect(sameChoice(line(steak, { seat: 1, course: 2 }), steak, [], 2)).toBe(false);
    expect(sameChoice(line(steak, { seat: null, course: 3 }), steak, [], 2)).toBe(false);
    // A guest cart has neither field: the same product still adds up.
    expect(sameChoice(line(steak), steak, [])).toBe(true);
  });

  it('carries seat and course into the order and round bodies, nothing for defaults unset', () => {
    const cart = [
      line(soup, { seat: 1, course: 1 }),
      line(steak, { seat: 2, course: 2 }),
      line(water, { seat: null, course: 1 }),
      line(water, { id: 'guest' }),
    ];
    const body = orderBody('o1', cart, 'dine_in', 't1', '', catalog);
    expect(body.lines.map((l) => [l.seat, l.course])).toEqual([
      [1, 1],
      [2, 2],
      [undefined, 1],
      [undefined, undefined],
    ]);
    // The outbox stores this body: it must survive JSON as it is.
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);

    const shown = localOrder(body, cart, catalog);
    expect(shown.lines.map((l) => [l.seat, l.course])).toEqual([
      [1, 1],
      [2, 2],
      [null, 1],
      [null, undefined],
    ]);
    const round = withLocalLines(shown, [line(soup, { id: 'r1', seat: 3, course: 1 })], catalog);
    expect(round.lines.slice(4).map((l) => [l.id, l.seat, l.course])).toEqual([['r1', 3, 1]]);
  });
});
