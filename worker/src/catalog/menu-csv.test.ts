import { describe, expect, it } from 'vitest';
import {
  detectSeparator,
  formatPrice,
  formatRate,
  parseMenuCsv,
  parsePrice,
  parseRate,
  unprotect,
} from './menu-csv';
import { type ExistingProduct, planImport } from './menu-import';

describe('menu CSV cells', () => {
  it('reads prices in major units exactly, per currency exponent', () => {
    const cases: [string, number, ',' | ';', number | 'error'][] = [
      ['3.40', 2, ',', 340],
      ['3.4', 2, ',', 340],
      ['3', 2, ',', 300],
      ['0.10', 2, ',', 10],
      ['3,40', 2, ';', 340],
      ['3,40', 2, ',', 'error'],
      ['3.405', 2, ',', 'error'],
      ['1000000.00', 2, ',', 100_000_000],
      ['1000000.01', 2, ',', 'error'],
      ['500', 0, ',', 500],
      ['5.5', 0, ',', 'error'],
      ['1.234', 3, ',', 1234],
      ['-1', 2, ',', 'error'],
      ['1e3', 2, ',', 'error'],
    ];
    for (const [text, exp, sep, want] of cases) {
      const got = parsePrice(text, exp, sep);
      if (want === 'error') expect(typeof got, text).toBe('string');
      else expect(got, text).toBe(want);
    }
    expect(formatPrice(340, 2)).toBe('3.40');
    expect(formatPrice(5, 2)).toBe('0.05');
    expect(formatPrice(500, 0)).toBe('500');
    expect(formatPrice(1234, 3)).toBe('1.234');
  });

  it('reads tax rates in percent into basis points and writes them back', () => {
    expect(parseRate('19', ',')).toBe(1900);
    expect(parseRate('7.7', ',')).toBe(770);
    expect(parseRate('5,5 %', ';')).toBe(550);
    expect(parseRate('19%', ',')).toBe(1900);
    expect(typeof parseRate('101', ',')).toBe('string');
    expect(typeof parseRate('abc', ',')).toBe('string');
    expect([1900, 770, 550, 1234, 0].map(formatRate)).toEqual(['19', '7.7', '5.5', '12.34', '0']);
  });

  it('detects the separator from the header, ignoring quoted ones', () => {
    expect(detectSeparator('name,category,price\n')).toBe(',');
    expect(detectSeparator('name;category;price\r\na,b,c,d,e')).toBe(';');
    expect(detectSeparator('"a;b;c",category,price')).toBe(',');
  });

  it('undoes the export’s formula protection only before a formula character', () => {
    expect(unprotect("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(unprotect("'-5 % off")).toBe('-5 % off');
    expect(unprotect("'quoted'")).toBe("'quoted'");
  });

  it('numbers rows as a spreadsheet does, across blank lines and quoted newlines', () => {
    const out = parseMenuCsv('name,category,price\n"A\nB",X,1\n\nC,X,\n', 2);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.rows.map((r) => [r.row, r.name])).toEqual([[2, 'A\nB']]);
    expect(out.errors).toEqual([{ row: 4, column: 'price', message: 'a product needs a price' }]);
    expect(out.total).toBe(2);
  });
});

describe('planImport', () => {
  const product = (p: Partial<ExistingProduct>): ExistingProduct => ({
    id: 'p1',
    category_id: 'c1',
    name: 'Latte',
    description: null,
    price: 350,
    tax_rate_id: 'r7',
    sku: null,
    barcode: null,
    available: true,
    allergens: [],
    labels: [],
    modifier_group_ids: [],
    ...p,
  });
  const state = {
    categories: [{ id: 'c1', name: 'Coffee' }],
    taxRates: [
      { id: 'r7', name: '7 %', rate_bp: 700 },
      { id: 'r19', name: '19 %', rate_bp: 1900 },
    ],
    groups: [{ id: 'g1', name: 'Size' }],
    products: [product({}), product({ id: 'p2', name: 'Mocha', sku: 'MOC' })],
  };
  const row = (r: Partial<Parameters<typeof planImport>[0][number]>) => ({
    row: 2,
    name: 'Latte',
    category: 'Coffee',
    price: 350,
    ...r,
  });

  it('matches by sku first, then by name within the category, ignoring case', () => {
    const plan = planImport(
      [
        row({ row: 2, name: 'Mocha grande', sku: 'MOC', price: 420 }),
        row({ row: 3, name: 'LATTE', category: 'coffee', price: 360 }),
      ],
      state,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.updates.map((u) => [u.id, u.fields])).toEqual([
      ['p2', { name: 'Mocha grande', price: 420 }],
      ['p1', { name: 'LATTE', price: 360 }],
    ]);
    expect(plan.updates[0]!.price_from).toBe(350);
  });

  it('counts a row that changes nothing as unchanged, and creates what matches nothing', () => {
    const plan = planImport(
      [row({}), row({ row: 3, name: 'Tea', category: 'Drinks', rate_bp: 1900 })],
      state,
    );
    expect(plan.unchanged).toBe(1);
    expect(plan.creates).toMatchObject([
      { name: 'Tea', category: { create: 'Drinks' }, rate: { id: 'r19' } },
    ]);
    expect(plan.newCategories).toEqual(['Drinks']);
  });

  it('gives a new product without a rate its category’s usual rate, else refuses it', () => {
    const plan = planImport(
      [row({ name: 'Cortado' }), row({ row: 3, name: 'Tea', category: 'Drinks' })],
      state,
    );
    expect(plan.creates.map((c) => c.rate)).toEqual([{ id: 'r7' }]);
    expect(plan.errors).toEqual([expect.objectContaining({ row: 3, column: 'rate' })]);
  });

  it('refuses unknown modifier groups and a product updated twice', () => {
    const plan = planImport(
      [row({ modifier_groups: ['size', 'Milk'] }), row({ row: 3, price: 400 })],
      state,
    );
    expect(plan.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'modifier_groups'],
      [3, null],
    ]);
  });
});
