import type { LineRow, OrderWithLines } from './store';

export const lineView = (l: LineRow) => ({
  id: l.id,
  product_id: l.product_id,
  name: l.name,
  quantity: l.quantity,
  unit_price: l.unit_price,
  modifiers: l.modifiers,
  tax_rate_bp: l.tax_rate_bp,
  line_total: l.line_total,
  discount: l.discount,
  tax: l.tax,
  status: l.status,
  voided: l.voided,
  void_reason: l.void_reason,
  note: l.note,
  seat: l.seat,
  course: l.course,
});

/** The order as the API shows it (responses.ts) (plus pending_total, refunded_total and the discount given). */
export const orderView = (o: OrderWithLines) => ({
  id: o.id,
  ticket_number: o.ticket_number,
  type: o.type,
  table_id: o.table_id,
  source: o.source,
  status: o.status,
  note: o.note,
  lines: o.lines.map(lineView),
  subtotal: o.subtotal,
  discount_total: o.discount_total,
  discount: o.discount_kind
    ? { kind: o.discount_kind, value: o.discount_value, reason: o.discount_reason }
    : null,
  tax_total: o.tax_total,
  total: o.total,
  paid_total: o.paid_total,
  pending_total: o.pending_total,
  refunded_total: o.refunded_total,
  balance: o.total - o.paid_total,
  receipt_number: o.receipt_number,
  catalog_version: o.catalog_version,
  created_at: o.created_at,
  updated_at: o.updated_at,
  paid_at: o.paid_at,
  closed_at: o.closed_at,
});

export type OrderView = ReturnType<typeof orderView>;

/** What a guest may see of their order: no staff, no internal ids beyond the order's own. */
export const guestOrderView = (o: OrderWithLines) => ({
  id: o.id,
  ticket_number: o.ticket_number,
  status: o.status,
  lines: o.lines
    .filter((l) => !l.voided)
    .map((l) => ({
      id: l.id,
      name: l.name,
      quantity: l.quantity,
      modifiers: l.modifiers.map((m) => ({ name: m.name, price_delta: m.price_delta })),
      line_total: l.line_total,
      status: l.status,
      note: l.note,
      seat: l.seat,
    })),
  subtotal: o.subtotal,
  discount_total: o.discount_total,
  tax_total: o.tax_total,
  total: o.total,
  paid_total: o.paid_total,
  balance: o.total - o.paid_total,
  created_at: o.created_at,
});
