/**
 * The order, line and payment state machines: one table of allowed moves each. Routes ask these
 * functions and never re-implement the rules; an illegal move is a 409 named after the transition.
 */

export type OrderStatus = 'open' | 'paid' | 'closed' | 'void';
export type OrderAction =
  | 'add_lines'
  | 'void_line'
  | 'discount'
  | 'pay'
  | 'void'
  | 'close'
  | 'line_status'
  | 'refund';

const orderMoves: Record<OrderAction, OrderStatus[]> = {
  add_lines: ['open'],
  void_line: ['open'],
  discount: ['open'],
  pay: ['open'],
  void: ['open'],
  close: ['paid'],
  // The kitchen keeps working a ticket that was paid up front (counter service, QR orders).
  line_status: ['open', 'paid'],
  refund: ['paid', 'closed'],
};

export function orderAllows(status: OrderStatus, action: OrderAction): boolean {
  return orderMoves[action].includes(status);
}

export type LineStatus = 'queued' | 'preparing' | 'ready' | 'served';
export const LINE_FLOW: LineStatus[] = ['queued', 'preparing', 'ready', 'served'];

/** Forward any number of steps, or exactly one step back to undo a mistaken bump. */
export function lineMoveAllowed(from: LineStatus, to: LineStatus): boolean {
  const a = LINE_FLOW.indexOf(from);
  const b = LINE_FLOW.indexOf(to);
  return b > a || b === a - 1;
}

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';
const paymentMoves: Record<PaymentStatus, PaymentStatus[]> = {
  pending: ['succeeded', 'failed', 'canceled'],
  succeeded: [],
  failed: [],
  canceled: [],
};

export function paymentMoveAllowed(from: PaymentStatus, to: PaymentStatus): boolean {
  return paymentMoves[from].includes(to);
}

/** A refund: cash and terminal ones settle at once; a card refund waits for Stripe's event. */
export type RefundStatus = 'pending' | 'succeeded' | 'failed';
const refundMoves: Record<RefundStatus, RefundStatus[]> = {
  pending: ['succeeded', 'failed'],
  succeeded: [],
  failed: [],
};

export function refundMoveAllowed(from: RefundStatus, to: RefundStatus): boolean {
  return refundMoves[from].includes(to);
}
