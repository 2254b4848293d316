import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Discount, priceOrder } from '../orders/pricing';
import { equalParts, planSplit, type SplitLine, type SplitPlan } from './split';

const lineArb = fc.record({
  unit_price: fc.integer({ min: 0, max: 100_000 }),
  modifiers: fc.array(fc.record({ price_delta: fc.integer({ min: -50, max: 500 }) }), {
    maxLength: 2,
  }),
  quantity: fc.integer({ min: 1, max: 30 }),
  tax_rate_bp: fc.constantFrom(0, 500, 700, 1000, 1900, 2000, 2500, 777),
  voided: fc.boolean().map((v) => v && Math.random() < 0.2),
});
const discountArb: fc.Arbitrary<Discount | null> = fc.oneof(
  fc.constant(null),
  fc.record({ kind: fc.constant('percent' as const), value: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ kind: fc.constant('amount' as const), value: fc.integer({ min: 0, max: 500_000 }) }),
);

/** Lines with ids, modifiers never pushing a unit below 0 (the server refuses such lines). */
const linesArb = fc.array(lineArb, { minLength: 1, maxLength: 8 }).map((ls) =>
  ls.map(
    (l, i): SplitLine => ({
      ...l,
      id: `l${i}`,
      modifiers: l.modifiers.map((m) => ({
        // Together the modifiers never take more than the unit price off.
        price_delta: Math.max(m.price_delta, -Math.floor(l.unit_price / 2)),
      })),
    }),
  ),
);

/** Applies a plan: the two orders' lines as they are stored afterwards. */
function apply(lines: SplitLine[], plan: SplitPlan) {
  const keep = lines.map((l) => {
    const part = plan.keep.find((p) => p.line_id === l.id);
    return part ? { ...l, quantity: part.quantity, tax_adjust: part.tax_adjust } : l;
  });
  const move = plan.move.map((p) => ({
    ...lines.find((l) => l.id === p.line_id)!,
    id: `${p.line_id}'`,
    quantity: p.quantity,
    tax_adjust: p.tax_adjust,
  }));
  return { keep: keep.filter((l) => l.quantity > 0), move };
}

function requestFor(lines: SplitLine[], picks: number[]) {
  return lines
    .map((l, i) => ({ l, q: Math.min(l.quantity, picks[i % picks.length]!) }))
    .filter(({ l, q }) => !l.voided && q > 0)
    .map(({ l, q }) => ({ line_id: l.id, quantity: q }));
}

describe('planSplit', () => {
  it('keeps the two totals, taxes and discounts adding up to the old order exactly', () => {
    fc.assert(
      fc.property(
        linesArb,
        fc.boolean(),
        discountArb,
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 8 }),
        (lines, taxInclusive, discount, picks) => {
          const request = requestFor(lines, picks);
          const before = priceOrder({ lines, taxInclusive, discount });
          const r = planSplit({ lines, taxInclusive, discount, request });
          if (!r.ok) return;
          const { keep, move } = apply(lines, r.plan);
          const a = priceOrder({ lines: keep, taxInclusive, discount: r.plan.sourceDiscount });
          const b = priceOrder({ lines: move, taxInclusive, discount: r.plan.newDiscount });
          expect(a.total + b.total).toBe(before.total);
          expect(a.tax_total + b.tax_total).toBe(before.tax_total);
          expect(a.subtotal + b.subtotal).toBe(before.subtotal);
          expect(a.discount_total + b.discount_total).toBe(before.discount_total);
          for (const t of [...a.lines, ...b.lines]) expect(t.tax).toBeGreaterThanOrEqual(0);
          // The quantities of every line add up too.
          for (const l of lines.filter((x) => !x.voided)) {
            const q =
              (keep.find((k) => k.id === l.id)?.quantity ?? 0) +
              (move.find((m) => m.id === `${l.id}'`)?.quantity ?? 0);
            expect(q).toBe(l.quantity);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('stays exact when a split order is split again (three parts by seat)', () => {
    fc.assert(
      fc.property(
        linesArb,
        fc.boolean(),
        discountArb,
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 8 }),
        (lines, taxInclusive, discount, picks1, picks2) => {
          const before = priceOrder({ lines, taxInclusive, discount });
          const r1 = planSplit({
            lines,
            taxInclusive,
            discount,
            request: requestFor(lines, picks1),
          });
          if (!r1.ok) return;
          const first = apply(lines, r1.plan);
          const r2 = planSplit({
            lines: first.keep,
            taxInclusive,
            discount: r1.plan.sourceDiscount,
            request: requestFor(first.keep, picks2),
          });
          if (!r2.ok) return;
          const second = apply(first.keep, r2.plan);
          const totals = [
            priceOrder({ lines: first.move, taxInclusive, discount: r1.plan.newDiscount }),
            priceOrder({ lines: second.keep, taxInclusive, discount: r2.plan.sourceDiscount }),
            priceOrder({ lines: second.move, taxInclusive, discount: r2.plan.newDiscount }),
          ];
          expect(totals.reduce((s, t) => s + t.total, 0)).toBe(before.total);
          expect(totals.reduce((s, t) => s + t.tax_total, 0)).toBe(before.tax_total);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('splits 1 of 3 beers off a tax-exclusive order without losing the rounding cent', () => {
    // 3 × 333 net at 19 %: the line's tax is 190 (189.81); one beer alone would be 63 (63.27)
    // and two 127 (126.54): 190 is kept as 63 + 127 = 190.
    const lines: SplitLine[] = [
      { id: 'beer', unit_price: 333, modifiers: [], quantity: 3, tax_rate_bp: 1900 },
    ];
    const r = planSplit({
      lines,
      taxInclusive: false,
      discount: null,
      request: [{ line_id: 'beer', quantity: 1 }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.keep).toEqual([{ line_id: 'beer', quantity: 2, line_total: 666, tax_adjust: 0 }]);
    expect(r.plan.move).toEqual([{ line_id: 'beer', quantity: 1, line_total: 333, tax_adjust: 0 }]);
    const { keep, move } = apply(lines, r.plan);
    const a = priceOrder({ lines: keep, taxInclusive: false });
    const b = priceOrder({ lines: move, taxInclusive: false });
    expect(a.total + b.total).toBe(999 + 190);
  });

  it('refuses unknown, void and repeated lines, too large quantities and emptying the order', () => {
    const lines: SplitLine[] = [
      { id: 'a', unit_price: 100, modifiers: [], quantity: 2, tax_rate_bp: 700 },
      { id: 'v', unit_price: 100, modifiers: [], quantity: 1, tax_rate_bp: 700, voided: true },
    ];
    const plan = (request: { line_id: string; quantity: number }[]) =>
      planSplit({ lines, taxInclusive: true, discount: null, request });
    expect(plan([{ line_id: 'x', quantity: 1 }])).toMatchObject({
      ok: false,
      errors: [{ path: 'lines.0.line_id' }],
    });
    expect(plan([{ line_id: 'v', quantity: 1 }])).toMatchObject({ ok: false });
    expect(
      plan([
        { line_id: 'a', quantity: 1 },
        { line_id: 'a', quantity: 1 },
      ]),
    ).toMatchObject({ ok: false, errors: [{ path: 'lines.1.line_id' }] });
    expect(plan([{ line_id: 'a', quantity: 3 }])).toMatchObject({
      ok: false,
      errors: [{ path: 'lines.0.quantity' }],
    });
    expect(plan([{ line_id: 'a', quantity: 2 }])).toMatchObject({
      ok: false,
      errors: [{ path: 'lines' }],
    });
    expect(plan([{ line_id: 'a', quantity: 1 }]).ok).toBe(true);
  });
});

describe('equalParts', () => {
  it('gives N integer parts that add up exactly and differ by at most one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 1, max: 20 }),
        (a, n) => {
          const parts = equalParts(a, n);
          expect(parts).toHaveLength(n);
          expect(parts.reduce((s, x) => s + x, 0)).toBe(a);
          expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
