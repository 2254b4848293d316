import { z } from 'zod';
import { listQuery } from '../../common/pagination';
import { pageOf } from '../../common/wire';
import {
  guestOrderCreated,
  guestOrderResponse,
  guestTableBills,
  orderResponse,
} from '../../orders/responses';
import {
  addLines,
  createOrder,
  discountBody,
  guestCheckout,
  guestOrder,
  lineStatusBody,
  listOrdersQuery,
  voidBody,
} from '../../orders/schemas';
import {
  checkoutResponse,
  paymentWithOrder,
  receiptResponse,
  refundWithOrder,
  webhookResponse,
} from '../../payments/responses';
import { createPayment, createRefund } from '../../payments/schemas';
import type { RouteDoc } from '../route-doc';
import { CASHIERS, MANAGERS, ORDER_WRITERS, v1 } from './common';

const tag = 'Orders';
const order = (description: string) => ({ description, schema: orderResponse });
const replayed = 'A replay of the same request: the order as it is now, nothing changed.';

/** A change to one order: it answers with the whole order as changed. */
const change = (path: string, summary: string, extra: Partial<RouteDoc> = {}): RouteDoc => ({
  method: 'POST',
  path: `${v1}/orders/:id/${path}`,
  tag,
  summary,
  auth: 'bearer',
  responses: { 200: order('The order as changed.') },
  errors: [409],
  ...extra,
});

export const orderRoutes: RouteDoc[] = [
  {
    method: 'GET',
    path: `${v1}/orders`,
    tag,
    summary: 'List orders, newest first',
    auth: 'bearer',
    query: listQuery.extend(listOrdersQuery.shape),
    responses: { 200: { description: 'A page of orders.', schema: pageOf(orderResponse) } },
  },
  {
    method: 'GET',
    path: `${v1}/orders/:id`,
    tag,
    summary: 'One order',
    auth: 'bearer',
    responses: { 200: order('The order.') },
  },
  {
    method: 'POST',
    path: `${v1}/orders`,
    tag,
    summary: 'Create an order (client-generated id: safe to retry)',
    description:
      'Priced by the server from the catalog. The same id with the same body answers 200 with the ' +
      'order as it is now; with a different body, 409.',
    auth: 'bearer',
    roles: ORDER_WRITERS,
    body: createOrder,
    responses: { 201: order('The order.'), 200: order(replayed) },
    errors: [409, 422],
  },
  change('lines', 'Add lines (line ids already on the order are replays)', {
    roles: ORDER_WRITERS,
    body: addLines,
    responses: { 201: order('The order with its new lines.'), 200: order(replayed) },
    errors: [409, 422],
  }),
  {
    method: 'POST',
    path: `${v1}/orders/:id/lines/:line_id/void`,
    tag,
    summary: 'Void a line (managers, or staff while the order is unpaid)',
    auth: 'bearer',
    roles: ORDER_WRITERS,
    body: voidBody,
    responses: { 200: order('The order as changed.') },
    errors: [409],
  },
  {
    method: 'PATCH',
    path: `${v1}/orders/:id/lines/:line_id`,
    tag: 'Kitchen',
    summary: "Move a line's kitchen status (queued → preparing → ready → served)",
    auth: 'bearer',
    body: lineStatusBody,
    responses: { 200: order('The order.') },
    errors: [409],
  },
  change('bump', 'Move every line of the ticket that can move to a status', {
    tag: 'Kitchen',
    body: lineStatusBody,
  }),
  change('discount', 'Discount the order (percent or amount, with a reason)', {
    roles: MANAGERS,
    body: discountBody,
    idempotencyKey: true,
    errors: [409, 422],
  }),
  change('void', 'Void the whole order', { roles: MANAGERS, body: voidBody }),
  change('close', 'Close a paid order (it leaves the open lists)', { roles: ORDER_WRITERS }),
  {
    method: 'POST',
    path: `${v1}/orders/:id/payments`,
    tag: 'Payments',
    summary: "Take a payment: cash, card (Stripe Checkout) or the café's own terminal",
    description:
      'Client-generated id: safe to retry. Cash and terminal payments settle at once; a card ' +
      "payment is pending with a `checkout_url` until Stripe's signed webhook settles it. Paying " +
      'the balance assigns the receipt number. A payment joins the shift open when it settles.',
    auth: 'bearer',
    roles: CASHIERS,
    body: createPayment,
    responses: {
      201: { description: 'The payment and the order after it.', schema: paymentWithOrder },
      200: { description: 'A replay: the payment as it is now.', schema: paymentWithOrder },
    },
    errors: [409, 422, 502],
  },
  {
    method: 'POST',
    path: `${v1}/orders/:id/payments/:payment_id/cancel`,
    tag: 'Payments',
    summary: 'Cancel a pending card payment',
    auth: 'bearer',
    roles: CASHIERS,
    responses: {
      200: { description: 'The payment (canceled) and the order.', schema: paymentWithOrder },
    },
    errors: [409, 502],
  },
  {
    method: 'POST',
    path: `${v1}/orders/:id/refunds`,
    tag: 'Payments',
    summary: 'Refund (part of) a settled payment',
    description:
      'Client-generated id: safe to retry. A card refund is pending until Stripe confirms.',
    auth: 'bearer',
    roles: MANAGERS,
    body: createRefund,
    responses: {
      201: { description: 'The refund and the order after it.', schema: refundWithOrder },
      200: { description: 'A replay: the refund as it is now.', schema: refundWithOrder },
    },
    errors: [409, 422, 502],
  },
  {
    method: 'GET',
    path: `${v1}/orders/:id/receipt`,
    tag: 'Payments',
    summary: 'The receipt (a pre-bill before payment): printable HTML, or JSON',
    description: 'Send `Accept: application/json` for the data; otherwise an HTML page to print.',
    auth: 'bearer',
    responses: {
      200: { description: 'The receipt.', schema: receiptResponse, alternatives: ['text/html'] },
    },
  },
  {
    method: 'POST',
    path: `${v1}/stripe/webhook`,
    tag: 'Payments',
    summary: "Stripe's webhook (checkout sessions, delayed payment methods, refunds)",
    description:
      'Verified against STRIPE_WEBHOOK_SECRET on the raw body; each event id counts once.',
    auth: 'stripe',
    headers: { 'Stripe-Signature': { description: "Stripe's signature.", required: true } },
    bodyType: 'application/json',
    body: z.object({ id: z.string(), type: z.string() }).loose(),
    responses: { 200: { description: 'Received.', schema: webhookResponse } },
    errors: [],
  },
  {
    method: 'POST',
    path: `${v1}/public/tables/:qr_token/orders`,
    tag: 'Guest',
    summary: 'A guest orders from the table (client-generated id: safe to retry)',
    description:
      "No login: the table's QR token is the credential. Throttled per table and per address. " +
      '403 when the venue turned QR ordering off.',
    auth: 'token',
    body: guestOrder,
    responses: {
      201: { description: 'The order and its tracking token.', schema: guestOrderCreated },
      200: { description: replayed, schema: guestOrderCreated },
    },
    errors: [403, 409, 422, 429],
  },
  {
    method: 'GET',
    path: `${v1}/public/tables/:qr_token/bills`,
    tag: 'Guest',
    summary: "The table's open bills, to pay one (split off, or taken by the staff)",
    description:
      'Open orders at the table, oldest first, each with a tracking token (given on first ' +
      'request to orders that had none). 404 when no table has the QR code.',
    auth: 'token',
    responses: {
      200: { description: 'The open bills, guest fields only.', schema: guestTableBills },
    },
  },
  {
    method: 'GET',
    path: `${v1}/public/orders/:tracking_token`,
    tag: 'Guest',
    summary: "The guest's view of their order",
    auth: 'token',
    responses: {
      200: { description: 'The order, guest fields only.', schema: guestOrderResponse },
    },
  },
  {
    method: 'POST',
    path: `${v1}/public/orders/:tracking_token/checkout`,
    tag: 'Guest',
    summary: 'Pay now: a Stripe Checkout page for the balance, or for a share of it (`amount`)',
    auth: 'token',
    body: guestCheckout,
    responses: { 200: { description: 'Where to send the guest.', schema: checkoutResponse } },
    errors: [409, 422, 502],
  },
];
