import { describe, expect, it } from 'vitest';
import type { Order, OrderLine } from '../api/types';
import { withLocalDiscount } from './orders';

const line = (id: string, unit: number, deltas: number[], extra: Partial<OrderLine> = {}) =>
  ({
    id,
    product_id: id,
    name: id,
    quantity: 1,
    unit_price: unit,
    modifiers: deltas.map((d, i) => ({ id: `${id}-m${i}`, name: `m${i}`, price_delta: d })),
    tax_rate_bp: 1900,
    line_total: unit + deltas.reduce((s, d) => s + d, 0),
    tax: 0,
    status: 'queued',
    voided: false,
    note: null,
    seat: null,
    ...extra,
  }) satisfies OrderLine;

const order = (lines: OrderLine[], paid = 0): Order => {
  const total = lines.filter((l) => !l.voided).reduce((s, l) => s + l.line_total, 0);
  return {
    id: 'o',
    ticket_number: 0,
    type: 'takeaway',
    table_id: null,
    source: 'pos',
    status: 'open',
    note: null,
    lines,
    subtotal: total,
    discount_total: 0,
    tax_total: 75,
    total,
    paid_total: paid,
    pending_total: 0,
    balance: total - paid,
    receipt_number: null,
    created_at: '2026-01-01T00:00:00.000Z',
  };
};

describe('withLocalDiscount (a discount given offline, shown before the server has it)', () => {
  it('prices 10 % off a cappuccino with two modifiers as the server does', () => {
    // 350 + 80 + 40 = 470, tax-inclusive at 19 %: 10 % = 47 off, 423 left.
    const o = withLocalDiscount(
      order([line('cap', 350, [80, 40])]),
      { kind: 'percent', value: 10 },
      true,
    );
    expect(o).toMatchObject({ subtotal: 470, discount_total: 47, total: 423, balance: 423 });
    // 423 × 19/119 = 67.54 → 68
    expect(o.tax_total).toBe(68);
  });

  it('leaves voided lines out and keeps what is paid', () => {
    const o = withLocalDiscount(
      order([line('a', 500, []), line('b', 300, [], { voided: true })], 100),
      { kind: 'amount', value: 50 },
      true,
    );
    expect(o).toMatchObject({ subtotal: 500, discount_total: 50, total: 450, balance: 350 });
  });
});
