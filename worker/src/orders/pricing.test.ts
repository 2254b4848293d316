import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, type LineInput, priceOrder, roundCash, taxOf } from './pricing';

const line = (
  unit_price: number,
  tax_rate_bp: number,
  quantity = 1,
  deltas: number[] = [],
): LineInput => ({
  unit_price,
  quantity,
  tax_rate_bp,
  modifiers: deltas.map((price_delta) => ({ price_delta })),
});

describe('tax per line, half-up', () => {
  it.each([
    // [amount, bp, inclusive, expected tax]
    [1190, 1900, true, 190], // 1190 × 19/119 = 190 exactly
    [350, 700, true, 23], // 22.897… → 23
    [15, 700, true, 1], // 0.981… → 1
    [1000, 1900, false, 190],
    [50, 700, false, 4], // 3.5 → 4 (half-up)
    [10, 500, false, 1], // 0.5 → 1
    [20, 250, false, 1], // 0.5 → 1
    [9, 500, false, 0], // 0.45 → 0
    [0, 1900, true, 0],
    [500, 0, false, 0],
  ])('%i at %i bp (inclusive %s) → %i', (amount, bp, inclusive, tax) => {
    expect(taxOf(amount, bp, inclusive)).toBe(tax);
  });
});

describe('order totals', () => {
  it('prices modifiers into the unit and multiplies by quantity', () => {
    const t = priceOrder({ lines: [line(350, 700, 2, [50, 30])], taxInclusive: true });
    expect(t.subtotal).toBe(860);
    expect(t.total).toBe(860);
    expect(t.tax_total).toBe(56); // 860 × 7/107 = 56.26 → 56
    expect(t.balance).toBe(860);
  });

  it('adds tax on top for tax-exclusive tenants', () => {
    const t = priceOrder({
      lines: [line(1000, 1900), line(250, 700, 3)],
      taxInclusive: false,
      paidTotal: 500,
    });
    // 1000 → 190; 750 → 52.5 → 53
    expect(t).toMatchObject({
      subtotal: 1750,
      tax_total: 243,
      total: 1993,
      paid_total: 500,
      balance: 1493,
    });
    expect(t.tax_breakdown).toEqual([
      { rate_bp: 700, net: 750, tax: 53, gross: 803 },
      { rate_bp: 1900, net: 1000, tax: 190, gross: 1190 },
    ]);
  });

  it('spreads an amount discount over lines by largest remainder so each line keeps exact tax', () => {
    const t = priceOrder({
      lines: [line(1000, 1900), line(500, 700)],
      taxInclusive: true,
      discount: { kind: 'amount', value: 100 },
    });
    expect(t.lines.map((l) => l.discount)).toEqual([67, 33]);
    // 933 × 19/119 = 148.97 → 149; 467 × 7/107 = 30.55 → 31
    expect(t.lines.map((l) => l.tax)).toEqual([149, 31]);
    expect(t).toMatchObject({ subtotal: 1500, discount_total: 100, tax_total: 180, total: 1400 });
  });

  it('rounds a percent discount half-up and caps any discount at the subtotal', () => {
    expect(
      priceOrder({
        lines: [line(1999, 0)],
        taxInclusive: true,
        discount: { kind: 'percent', value: 10 },
      }).discount_total,
    ).toBe(200);
    expect(
      priceOrder({
        lines: [line(1995, 0)],
        taxInclusive: true,
        discount: { kind: 'percent', value: 10 },
      }).discount_total,
    ).toBe(200); // 199.5 → 200
    const capped = priceOrder({
      lines: [line(300, 1900)],
      taxInclusive: false,
      discount: { kind: 'amount', value: 5000 },
    });
    expect(capped).toMatchObject({ discount_total: 300, tax_total: 0, total: 0 });
  });

  it('leaves voided lines out of every total', () => {
    const t = priceOrder({
      lines: [line(1000, 1900), { ...line(700, 700), voided: true }],
      taxInclusive: false,
    });
    expect(t).toMatchObject({ subtotal: 1000, tax_total: 190, total: 1190 });
    expect(t.lines[1]).toEqual({ line_total: 0, discount: 0, tax: 0 });
  });
});

describe('cash rounding', () => {
  it.each([
    [1242, 5, 1240],
    [1243, 5, 1245],
    [1225, 50, 1250], // exactly half → up
    [1224, 50, 1200],
    [1242, 1, 1242],
  ])('%i to steps of %i → %i', (amount, step, expected) => {
    expect(roundCash(amount, step)).toBe(expected);
  });
});

describe('invariants (property tests)', () => {
  const arbLine = fc.record({
    unit_price: fc.integer({ min: 0, max: 100_000_000 }),
    quantity: fc.integer({ min: 1, max: 999 }),
    tax_rate_bp: fc.integer({ min: 0, max: 5000 }),
    modifiers: fc.array(fc.record({ price_delta: fc.integer({ min: 0, max: 100_000 }) }), {
      maxLength: 3,
    }),
    voided: fc.boolean(),
  });
  const arbDiscount = fc.option(
    fc.oneof(
      fc.record({ kind: fc.constant('percent' as const), value: fc.integer({ min: 0, max: 100 }) }),
      fc.record({
        kind: fc.constant('amount' as const),
        value: fc.integer({ min: 0, max: 100_000_000 }),
      }),
    ),
  );

  it('keeps totals integer, tax non-negative and the lines summing to the order', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        arbDiscount,
        (lines, inclusive, discount) => {
          const t = priceOrder({ lines, taxInclusive: inclusive, discount });
          for (const v of [t.subtotal, t.discount_total, t.tax_total, t.total, t.balance]) {
            expect(Number.isSafeInteger(v)).toBe(true);
          }
          expect(t.tax_total).toBeGreaterThanOrEqual(0);
          expect(t.lines.every((l) => l.tax >= 0 && Number.isInteger(l.tax))).toBe(true);
          expect(t.lines.reduce((s, l) => s + l.line_total, 0)).toBe(t.subtotal);
          expect(t.lines.reduce((s, l) => s + l.discount, 0)).toBe(t.discount_total);
          expect(t.lines.reduce((s, l) => s + l.tax, 0)).toBe(t.tax_total);
          expect(t.discount_total).toBeLessThanOrEqual(t.subtotal);
          expect(t.total).toBeGreaterThanOrEqual(0);
          expect(t.tax_breakdown.reduce((s, b) => s + b.gross, 0)).toBe(t.total);
          expect(t.tax_breakdown.reduce((s, b) => s + b.net + b.tax - b.gross, 0)).toBe(0);
          // Inclusive tax never exceeds the discounted gross it is part of.
          if (inclusive) expect(t.tax_total).toBeLessThanOrEqual(t.total);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('allocates exactly the amount, never more than a line weighs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e11 }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, f) => {
          const total = weights.reduce((s, w) => s + w, 0);
          const amount = Math.floor(total * f);
          const shares = allocate(amount, weights);
          expect(shares.reduce((s, x) => s + x, 0)).toBe(total === 0 ? 0 : amount);
          shares.forEach((s, i) => {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThanOrEqual(weights[i]!);
          });
        },
      ),
    );
  });
});
