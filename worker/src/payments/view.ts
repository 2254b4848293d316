import type { PaymentRow, RefundRow } from './store';

export const paymentView = (p: PaymentRow) => ({
  id: p.id,
  order_id: p.order_id,
  method: p.method,
  status: p.status,
  amount: p.amount,
  tip: p.tip,
  tendered: p.tendered,
  change: p.change,
  rounding: p.rounding,
  refunded: p.refunded,
  checkout_url: p.checkout_url,
  reference: p.reference,
  // null when no shift was open: the payment is in no Z report (the POS warns before taking it).
  shift_id: p.shift_id,
  created_at: p.created_at,
  settled_at: p.settled_at,
});

export const refundView = (r: RefundRow) => ({
  id: r.id,
  order_id: r.order_id,
  payment_id: r.payment_id,
  amount: r.amount,
  reason: r.reason,
  method: r.method,
  // A card refund is pending until Stripe's refund event says succeeded or failed.
  status: r.status,
  shift_id: r.shift_id,
  created_at: r.created_at,
  settled_at: r.settled_at,
});
