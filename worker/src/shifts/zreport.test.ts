import { describe, expect, it } from 'vitest';
import {
  allocatePayments,
  allocateRefund,
  byStaff,
  telescope,
  type ZInput,
  zReport,
} from './zreport';

const band = (rate_bp: number, gross: number, tax: number) => ({
  rate_bp,
  gross,
  tax,
  net: gross - tax,
});

describe('telescope', () => {
  it.each([
    // amount, parts, shares (hand-computed: round(amount × cum / whole) differences)
    [100, [378, 179], [68, 32]], // 100×378/557 = 67.86 → 68
    [10, [25, 29], [5, 5]], // 10×25/54 = 4.63 → 5
    [58, [500, 99], [48, 10]], // 58×500/599 = 48.41 → 48
    [1, [1, 1, 1], [0, 1, 0]], // 1/3 → 0, 2/3 → 1, 1 → 1
    [0, [5, 5], [0, 0]],
    [7, [0, 0], [0, 0]],
  ])('splits %i over %j as %j', (amount, parts, shares) => {
    expect(telescope(amount, parts)).toEqual(shares);
  });

  it('always adds up to the amount when the parts have a sum', () => {
    for (let i = 0; i < 200; i++) {
      const parts = Array.from({ length: 1 + (i % 7) }, (_, k) => ((i * 37 + k * 101) % 997) + 1);
      const amount = (i * 7919) % 100_000;
      expect(telescope(amount, parts).reduce((s, x) => s + x, 0)).toBe(amount);
    }
  });
});

describe('allocateRefund', () => {
  it('spreads gross by the bands’ gross and tax by the order’s tax ratio', () => {
    // Order: 7 % 378 (tax 25), 19 % 179 (tax 29); total 557, tax 54. Refund 100:
    // tax = round(54 × 100 / 557) = round(9.69) = 10 → 5 + 5; gross 68 + 32.
    expect(allocateRefund(100, [band(1900, 179, 29), band(700, 378, 25)])).toEqual([
      band(700, 68, 5),
      band(1900, 32, 5),
    ]);
  });

  it('gives back the whole order for a full refund', () => {
    const bands = [band(700, 420, 27), band(1900, 860, 137)];
    expect(allocateRefund(1280, bands)).toEqual(bands);
  });
});

describe('allocatePayments', () => {
  const bands = [band(1900, 430, 69), band(700, 300, 20)]; // 730, tax 89

  it('gives a shift only its own payments’ part of an order paid across two shifts', () => {
    // 365 of 730 paid before: the shift's 365 carries tax 89 − round(89 × 365 / 730) = 89 − 45 = 44.
    const mine = allocatePayments(bands, [
      { amount: 365, in_shift: false },
      { amount: 365, in_shift: true },
    ]);
    expect(mine.reduce((s, b) => s + b.gross, 0)).toBe(365);
    expect(mine.reduce((s, b) => s + b.tax, 0)).toBe(44);
    const theirs = allocatePayments(bands, [
      { amount: 365, in_shift: true },
      { amount: 365, in_shift: false },
    ]);
    // Both halves together are the order, to the cent, band by band.
    expect(mine.map((b, i) => [b.gross + theirs[i]!.gross, b.tax + theirs[i]!.tax])).toEqual([
      [300, 20],
      [430, 69],
    ]);
  });

  it('adds every payment up to its amount and every order up to its bands', () => {
    for (let i = 1; i < 150; i++) {
      const bs = [
        band(0, (i * 37) % 500, 0),
        band(700, 100 + i, (i * 3) % 7),
        band(1900, 2 * i, i % 19),
      ];
      const total = bs.reduce((s, b) => s + b.gross, 0);
      const cut = Math.max(1, (i * 7919) % total);
      const pays = [
        { amount: cut, in_shift: i % 2 === 0 },
        { amount: total - cut, in_shift: i % 2 === 1 },
      ].filter((p) => p.amount > 0);
      const a = allocatePayments(bs, pays);
      const b = allocatePayments(
        bs,
        pays.map((p) => ({ ...p, in_shift: !p.in_shift })),
      );
      const inShift = pays.filter((p) => p.in_shift).reduce((s, p) => s + p.amount, 0);
      expect(a.reduce((s, x) => s + x.gross, 0)).toBe(inShift);
      const sorted = [...bs].sort((x, y) => x.rate_bp - y.rate_bp);
      expect(a.map((x, k) => [x.gross + b[k]!.gross, x.tax + b[k]!.tax])).toEqual(
        sorted.map((x) => [x.gross, x.tax]),
      );
    }
  });
});

describe('zReport', () => {
  const cashier = { user_id: 'u-cashier', user_name: 'Cashier' };
  const manager = { user_id: 'u-manager', user_name: 'Manager' };
  // The scripted day of shifts.contract.ts, by hand.
  const input: ZInput = {
    shift_id: 's1',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
    opened_at: '2026-11-26T08:00:00.000Z',
    opened_by: 'u-owner',
    closed_at: '2026-11-26T18:00:00.000Z',
    closed_by: 'u-manager',
    opening_float: 10000,
    counted_cash: 10425,
    payments: [
      { method: 'cash', amount: 1280, tip: 100, rounding: 0, ...cashier },
      { method: 'card', amount: 500, tip: 50, rounding: 0, ...cashier },
      { method: 'cash', amount: 99, tip: 0, rounding: 1, ...cashier },
      { method: 'cash', amount: 557, tip: 0, rounding: -2, ...manager },
    ],
    refunds: [{ order_id: 'C', method: 'cash', amount: 100, ...manager }],
    movements: [-2000, 500],
    sales: [
      {
        order_id: 'A',
        bands: [band(700, 420, 27), band(1900, 860, 137)],
        payments: [{ amount: 1280, in_shift: true }],
      },
      {
        order_id: 'B',
        bands: [band(700, 400, 26), band(1900, 199, 32)],
        payments: [
          { amount: 500, in_shift: true },
          { amount: 99, in_shift: true },
        ],
      },
      {
        order_id: 'C',
        bands: [band(700, 378, 25), band(1900, 179, 29)],
        payments: [{ amount: 557, in_shift: true }],
      },
    ],
    refunded_orders: { C: [band(700, 378, 25), band(1900, 179, 29)] },
    audit: [
      {
        at: '2026-11-26T09:00:00.000Z',
        action: 'line.voided',
        actor_id: 'u-cashier',
        actor_name: 'Cashier',
        order_id: 'A',
        amount: 199,
        reason: 'wrong item',
      },
      {
        at: '2026-11-26T10:00:00.000Z',
        action: 'order.discounted',
        actor_id: 'u-manager',
        actor_name: 'Manager',
        order_id: 'C',
        amount: 31,
        reason: 'first try',
      },
      {
        at: '2026-11-26T10:01:00.000Z',
        action: 'order.discounted',
        actor_id: 'u-manager',
        actor_name: 'Manager',
        order_id: 'C',
        amount: 62,
        reason: 'regular',
      },
      {
        at: '2026-11-26T11:00:00.000Z',
        action: 'order.voided',
        actor_id: 'u-manager',
        actor_name: 'Manager',
        order_id: 'D',
        amount: 350,
        reason: 'walked out',
      },
    ],
  };

  it('reconciles the scripted day by hand', () => {
    const z = zReport(input);
    // 10000 + cash sales (1280 + 99 + 557) + rounding (0 + 1 − 2) + cash tips 100 − refunds 100
    // + movements (−2000 + 500) = 10435
    expect(z).toMatchObject({
      kind: 'z',
      expected_cash: 10435,
      counted_cash: 10425,
      difference: -10,
      sales_by_method: { cash: 1936, card: 500 },
      tips_by_method: { cash: 100, card: 50 },
      cash_rounding: -1,
      cash_movements: { count: 2, amount: -1500 },
      refunds: { count: 1, amount: 100, by_method: { cash: 100, card: 0 } },
      voids: { count: 2, amount: 549 },
      discounts: { count: 1, amount: 62 },
    });
    // 7 %: 420 + 400 + 378 − 68 = 1130 gross, 27 + 26 + 25 − 5 = 73 tax
    // 19 %: 860 + 199 + 179 − 32 = 1206 gross, 137 + 32 + 29 − 5 = 193 tax
    expect(z.tax_summary).toEqual([band(700, 1130, 73), band(1900, 1206, 193)]);
    expect(z.voids.items.map((i) => [i.name, i.kind, i.amount])).toEqual([
      ['Cashier', 'line.voided', 199],
      ['Manager', 'order.voided', 350],
    ]);
    expect(z.discounts.items[0]).toMatchObject({ name: 'Manager', amount: 62, reason: 'regular' });
    expect(z.by_staff).toEqual([
      {
        user_id: 'u-cashier',
        name: 'Cashier',
        payments: { count: 3, amount: 1879 },
        tips: 150,
        refunds: { count: 0, amount: 0 },
      },
      {
        user_id: 'u-manager',
        name: 'Manager',
        payments: { count: 1, amount: 557 },
        tips: 0,
        refunds: { count: 1, amount: 100 },
      },
    ]);
  });

  it('is an X report with no difference while the shift is open', () => {
    const x = zReport({ ...input, closed_at: null, closed_by: null, counted_cash: null });
    expect(x).toMatchObject({
      kind: 'x',
      expected_cash: 10435,
      counted_cash: null,
      difference: null,
    });
  });

  it('expects just the float of an empty shift', () => {
    const z = zReport({
      ...input,
      opening_float: 5000,
      counted_cash: 5100,
      payments: [],
      refunds: [],
      movements: [],
      sales: [],
      refunded_orders: {},
      audit: [],
    });
    expect(z).toMatchObject({
      expected_cash: 5000,
      difference: 100,
      sales_by_method: { cash: 0, card: 0 },
      tax_summary: [],
      by_staff: [],
      voids: { count: 0, amount: 0, items: [] },
    });
  });

  it('names guest (QR) card payments without a user', () => {
    expect(
      byStaff(
        [{ method: 'card', amount: 900, tip: 0, rounding: 0, user_id: null, user_name: null }],
        [],
      ),
    ).toEqual([
      {
        user_id: null,
        name: 'Guest',
        payments: { count: 1, amount: 900 },
        tips: 0,
        refunds: { count: 0, amount: 0 },
      },
    ]);
  });
});
