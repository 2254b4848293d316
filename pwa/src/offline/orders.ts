import { type Discount, priceOrder, roundCash } from '../../../worker/src/orders/pricing';
import type { Catalog, CreateOrderBody, Order, OrderLine } from '../api/types';
import { type CartLine, cartTotals, type OrderType, taxRateBp } from '../lib/cart';

/**
 * Orders built on the device: the body the outbox will send (with the catalog version the cart
 * was priced from, so the server prices it the same way even if the menu changed meanwhile) and
 * the order as the POS shows it until the server's answer replaces it.
 */
export function orderBody(
  id: string,
  cart: CartLine[],
  type: OrderType,
  tableId: string | null,
  note: string,
  catalog: Catalog,
): CreateOrderBody {
  return {
    id,
    type,
    ...(type === 'dine_in' && tableId ? { table_id: tableId } : {}),
    ...(note ? { note } : {}),
    catalog_version: catalog.version,
    lines: cart.map((l) => ({
      id: l.id,
      product_id: l.product.id,
      quantity: l.quantity,
      ...(l.modifiers.length ? { modifier_ids: l.modifiers.map((m) => m.id) } : {}),
      ...(l.note ? { note: l.note } : {}),
      ...(l.seat ? { seat: l.seat } : {}),
      // Sent as shown in the cart, so the kitchen fires what the waiter saw even offline.
      ...(l.course !== undefined ? { course: l.course } : {}),
    })),
  };
}

export function localOrder(body: CreateOrderBody, cart: CartLine[], catalog: Catalog): Order {
  const totals = cartTotals(cart, body.type, catalog);
  const lines: OrderLine[] = cart.map((l, i) => ({
    id: l.id,
    product_id: l.product.id,
    name: l.product.name,
    quantity: l.quantity,
    unit_price: l.product.price,
    modifiers: l.modifiers.map((m) => ({ id: m.id, name: m.name, price_delta: m.price_delta })),
    tax_rate_bp: taxRateBp(l.product, body.type, catalog),
    line_total: totals.lines[i]!.line_total,
    tax: totals.lines[i]!.tax,
    status: 'queued',
    voided: false,
    note: l.note || null,
    seat: l.seat ?? null,
    ...(l.course !== undefined ? { course: l.course } : {}),
  }));
  return {
    id: body.id,
    ticket_number: 0,
    type: body.type,
    table_id: body.table_id ?? null,
    source: 'pos',
    status: 'open',
    note: body.note ?? null,
    lines,
    subtotal: totals.subtotal,
    discount_total: totals.discount_total,
    tax_total: totals.tax_total,
    total: totals.total,
    paid_total: 0,
    pending_total: 0,
    balance: totals.total,
    receipt_number: null,
    created_at: new Date().toISOString(),
  };
}

/** Cash due for `amount`: rounded to the smallest coin only when it settles the balance. */
export function cashDue(order: Order, amount: number, cashRounding: number): number {
  return amount === order.balance ? roundCash(amount, cashRounding) : amount;
}

/** The order as it will stand after a cash payment the server has not seen yet. */
export function withLocalPayment(order: Order, amount: number): Order {
  const paid = order.paid_total + amount;
  return {
    ...order,
    paid_total: paid,
    balance: order.total - paid,
    status: paid >= order.total ? 'paid' : order.status,
  };
}

/** The order as it will stand after a round of lines the server has not seen yet. */
export function withLocalLines(order: Order, cart: CartLine[], catalog: Catalog): Order {
  const type = order.type ?? 'dine_in';
  const round = localOrder(orderBody(order.id, cart, type, null, '', catalog), cart, catalog);
  return {
    ...order,
    lines: [...order.lines, ...round.lines],
    subtotal: order.subtotal + round.subtotal,
    tax_total: order.tax_total + round.tax_total,
    total: order.total + round.total,
    balance: order.balance + round.total,
  };
}

/**
 * The order as it will stand after a discount the server has not seen yet: re-priced by the
 * server's own pricing, so the halves of a split bill taken offline add up to the server's total.
 */
export function withLocalDiscount(order: Order, discount: Discount, taxInclusive: boolean): Order {
  const totals = priceOrder({
    lines: order.lines.map((l) => ({
      unit_price: l.unit_price,
      modifiers: l.modifiers,
      quantity: l.quantity,
      tax_rate_bp: l.tax_rate_bp,
      voided: l.voided,
    })),
    taxInclusive,
    discount,
    paidTotal: order.paid_total,
  });
  return {
    ...order,
    lines: order.lines.map((l, i) => ({ ...l, tax: totals.lines[i]!.tax })),
    subtotal: totals.subtotal,
    discount_total: totals.discount_total,
    tax_total: totals.tax_total,
    total: totals.total,
    balance: totals.total - order.paid_total,
  };
}
