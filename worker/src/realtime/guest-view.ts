import type { StreamEvent } from '../platform';

/**
 * What a guest's socket may carry of an event about their order: the same fields as the guest's
 * GET /public/orders/{tracking_token} (orders/view.ts guestOrderView), taken from the staff view the
 * event holds. Staff notes on voids, discount reasons, who did what and internal ids stay out.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function guestLine(l: Obj) {
  const modifiers = Array.isArray(l.modifiers) ? l.modifiers.filter(isObj) : [];
  return {
    id: l.id,
    name: l.name,
    quantity: l.quantity,
    modifiers: modifiers.map((m) => ({ name: m.name, price_delta: m.price_delta })),
    line_total: l.line_total,
    status: l.status,
    note: l.note,
  };
}

function guestOrder(o: Obj) {
  const lines = Array.isArray(o.lines) ? o.lines.filter(isObj) : [];
  return {
    id: o.id,
    ticket_number: o.ticket_number,
    status: o.status,
    lines: lines.filter((l) => !l.voided).map(guestLine),
    subtotal: o.subtotal,
    discount_total: o.discount_total,
    tax_total: o.tax_total,
    total: o.total,
    paid_total: o.paid_total,
    balance: o.balance,
    created_at: o.created_at,
  };
}

export function guestEvent(e: StreamEvent): StreamEvent {
  const d = isObj(e.data) ? e.data : {};
  let data: Obj = {};
  if (isObj(d.order)) data = { order: guestOrder(d.order) };
  else if (isObj(d.line)) data = { order_id: d.order_id, line: guestLine(d.line) };
  else if (isObj(d.payment)) {
    const p = d.payment;
    data = {
      order_id: d.order_id,
      payment: { id: p.id, method: p.method, amount: p.amount, tip: p.tip, status: p.status },
    };
  }
  return { seq: e.seq, type: e.type, data, at: e.at };
}
