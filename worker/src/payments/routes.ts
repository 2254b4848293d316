import { type Context, Hono } from 'hono';
import { requireAuth, requireRole } from '../auth/middleware';
import { audit } from '../common/audit';
import { requestHash } from '../common/canonical';
import type { AppEnv, Role } from '../common/env';
import { AppError, conflict, notFound, unprocessable } from '../common/errors';
import { pathId } from '../common/ids';
import { publishCommitted } from '../common/publish';
import { validate } from '../common/validate';
import { now, tenantOf } from '../orders/context';
import { roundCash } from '../orders/pricing';
import { receiptData, receiptHtml } from '../orders/receipt';
import { assertAllowed } from '../orders/routes';
import { getOrder, lockOrder } from '../orders/store';
import { orderView } from '../orders/view';
import { assignOpenShift } from '../shifts/store';
import { currencyExponent } from '../tenants/currencies';
import { type CheckoutSession, PaymentProviderError, PaymentRejectedError } from './port';
import { createPayment, createRefund } from './schemas';
import { afterPaymentChange, refundFailed } from './settle';
import {
  addRefunded,
  getPayment,
  getRefund,
  insertPayment,
  insertRefund,
  movePayment,
  orderPayments,
  orderRefunds,
  type PaymentRow,
  setProviderRefundId,
} from './store';
import { paymentView, refundView } from './view';

const CASHIERS: Role[] = ['owner', 'manager', 'cashier'];
const MANAGERS: Role[] = ['owner', 'manager'];

const providerDown = (detail: string) =>
  new AppError(
    502,
    'https://comanda.dev/problems/payment-provider-unavailable',
    'Payment provider unavailable',
    `${detail} Retry the same request; it will not charge twice.`,
    undefined,
    { 'Retry-After': '2' },
  );

/** Stripe refused the request itself: its message says why, and the same request will not pass. */
const providerRejected = (message: string) =>
  unprocessable(`Stripe refused it: ${message}`, undefined, 'payment-rejected');

/**
 * Stripe's rule for three-decimal currencies (KWD, BHD, JOD, OMR, TND…): card amounts must end in
 * 0. The errors name each field that breaks it; none when the currency has another exponent.
 */
export function cardAmountErrors(currency: string, fields: Record<string, number | undefined>) {
  if (currencyExponent(currency) !== 3) return [];
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined && v % 10 !== 0)
    .map(([path]) => ({ path, message: `must end in 0 for card payments in ${currency}` }));
}

export const payments = new Hono<AppEnv>();
payments.use(requireAuth);

async function respondWithPayment(
  c: Context<AppEnv>,
  tenantId: string,
  paymentId: string,
  status: 200 | 201,
) {
  const sql = c.get('sql');
  const p = (await getPayment(sql, tenantId, paymentId))!;
  const order = (await getOrder(sql, tenantId, p.order_id))!;
  return c.json({ ...paymentView(p), order: orderView(order) }, status);
}

/** A card payment Stripe refused to open a session for fails, so it reserves nothing any more. */
async function failRejected(c: Context<AppEnv>, p: PaymentRow) {
  const at = now(c);
  const events = await c.get('sql').begin(async (tx) => {
    await lockOrder(tx, p.tenant_id, p.order_id);
    const moved = await movePayment(tx, p.tenant_id, p.id, { from: 'pending', to: 'failed', at });
    if (!moved) return [];
    return afterPaymentChange(tx, await tenantOf(tx, p.tenant_id), p.order_id, at);
  });
  await publishCommitted(c.get('platform'), p.tenant_id, events);
}

/** Creates (or, on a replay, retries) the Stripe Checkout Session of a pending card payment. */
export async function ensureCheckout(
  c: Context<AppEnv>,
  p: PaymentRow,
  ticket: number,
  currency: string,
): Promise<void> {
  if (p.checkout_url || p.status !== 'pending') return;
  const platform = c.get('platform');
  const base = platform.config.PUBLIC_URL.replace(/\/$/, '');
  let session: CheckoutSession;
  try {
    session = await platform.payments.createCheckout({
      paymentId: p.id,
      orderId: p.order_id,
      tenantId: p.tenant_id,
      amount: p.amount + p.tip,
      currency,
      description: `Order #${ticket}`,
      successUrl: `${base}/paid?payment=${p.id}`,
      cancelUrl: `${base}/paid?payment=${p.id}&canceled=1`,
    });
  } catch (e) {
    if (e instanceof PaymentRejectedError) {
      await failRejected(c, p);
      throw providerRejected(e.message);
    }
    if (e instanceof PaymentProviderError) throw providerDown('Stripe did not answer.');
    throw e;
  }
  await c.get(
    'sql',
  )`update payments set checkout_session_id = ${session.sessionId}, checkout_url = ${session.url}, updated_at = now()
    where tenant_id = ${p.tenant_id} and id = ${p.id} and checkout_url is null`;
}

payments.post(
  '/:id/payments',
  requireRole(...CASHIERS),
  validate('json', createPayment),
  async (c) => {
    const body = c.req.valid('json');
    const me = c.get('principal');
    const platform = c.get('platform');
    const orderId = pathId(c.req.param('id'), 'Order');
    const hash = await requestHash({ ...body, order_id: orderId });
    if (body.method === 'card' && !platform.payments.configured) {
      throw unprocessable(
        'Card payments are not set up on this server.',
        undefined,
        'card-payments-off',
      );
    }
    const result = await c.get('sql').begin(async (tx) => {
      // The order lock comes first: concurrent replays of one payment id queue on it, and each
      // then sees the payment the first one committed (no duplicate key, no 500).
      const order = await lockOrder(tx, me.tenantId, orderId);
      if (!order) throw notFound('Order');
      const existing = await getPayment(tx, me.tenantId, body.id);
      if (existing) {
        if (existing.request_hash !== hash)
          throw conflict(
            'A payment with this id exists with a different body.',
            'idempotency-mismatch',
          );
        return { created: false, events: [], payment: existing };
      }
      assertAllowed(order, 'pay');
      const tenant = await tenantOf(tx, me.tenantId);
      if (body.method === 'card') {
        const errors = cardAmountErrors(tenant.currency, { amount: body.amount, tip: body.tip });
        if (errors.length)
          throw unprocessable('Card amounts in this currency must end in 0.', errors);
      }
      const remaining = order.total - order.paid_total - order.pending_total;
      if (body.amount > remaining) {
        throw unprocessable(
          `The amount is over the balance still due (${remaining}).`,
          [{ path: 'amount', message: `must be at most ${remaining}` }],
          'amount-over-balance',
        );
      }
      const tip = body.tip ?? 0;
      let rounding = 0;
      let tendered: number | null = null;
      let change: number | null = null;
      if (body.method === 'cash') {
        // Cash rounding applies to the cash due when this payment settles the order.
        if (body.amount === remaining)
          rounding = roundCash(body.amount, tenant.cash_rounding) - body.amount;
        const due = body.amount + rounding + tip;
        tendered = body.tendered ?? due;
        if (tendered < due) {
          throw unprocessable(
            `Tendered cash is less than the ${due} due.`,
            [{ path: 'tendered', message: `must be at least ${due}` }],
            'tendered-too-little',
          );
        }
        change = tendered - due;
      }
      const at = now(c);
      // Cash and the café's own terminal are settled when recorded; Stripe settles by webhook.
      const settled = body.method !== 'card';
      const row = {
        tenant_id: me.tenantId,
        id: body.id,
        order_id: orderId,
        method: body.method,
        status: settled ? ('succeeded' as const) : ('pending' as const),
        amount: body.amount,
        tip,
        tendered,
        change,
        rounding,
        reference: body.method === 'terminal' ? (body.reference ?? null) : null,
        request_hash: hash,
        created_by: me.userId,
        settled_at: settled ? at : null,
      };
      await insertPayment(tx, row);
      await assignOpenShift(tx, me.tenantId, 'payment', body.id);
      const payment = (await getPayment(tx, me.tenantId, body.id))!;
      const events = await afterPaymentChange(
        tx,
        tenant,
        orderId,
        at,
        settled ? payment : undefined,
      );
      return {
        created: true,
        events,
        payment,
        ticket: order.ticket_number,
        currency: tenant.currency,
      };
    });
    await publishCommitted(platform, me.tenantId, result.events);
    if (result.payment.method === 'card') {
      const tenant = await tenantOf(c.get('sql'), me.tenantId);
      const order = (await getOrder(c.get('sql'), me.tenantId, result.payment.order_id))!;
      await ensureCheckout(c, result.payment, order.ticket_number, tenant.currency);
    }
    return respondWithPayment(c, me.tenantId, body.id, result.created ? 201 : 200);
  },
);

payments.post('/:id/payments/:payment_id/cancel', requireRole(...CASHIERS), async (c) => {
  const me = c.get('principal');
  const orderId = pathId(c.req.param('id'), 'Order');
  const paymentId = pathId(c.req.param('payment_id'), 'Payment');
  const sql = c.get('sql');
  const p = await getPayment(sql, me.tenantId, paymentId);
  if (!p || p.order_id !== orderId) throw notFound('Payment');
  if (p.status !== 'pending')
    throw conflict(`The payment is ${p.status}, not pending.`, 'payment-not-pending');
  if (p.checkout_session_id) {
    // Expire first: once Stripe refuses new payments on the session, cancelling cannot lose money.
    try {
      await c.get('platform').payments.expireCheckout(p.checkout_session_id);
    } catch (e) {
      if (e instanceof PaymentProviderError)
        throw providerDown('Could not expire the checkout session (it may have been paid).');
      throw e;
    }
  }
  const events = await sql.begin(async (tx) => {
    const locked = await getPayment(tx, me.tenantId, paymentId, true);
    if (locked?.status !== 'pending')
      throw conflict('The payment is no longer pending.', 'payment-not-pending');
    await lockOrder(tx, me.tenantId, orderId);
    const moved = await movePayment(tx, me.tenantId, paymentId, {
      from: 'pending',
      to: 'canceled',
      at: now(c),
    });
    if (!moved) throw conflict('The payment is no longer pending.', 'payment-not-pending');
    return afterPaymentChange(tx, await tenantOf(tx, me.tenantId), orderId, now(c));
  });
  await publishCommitted(c.get('platform'), me.tenantId, events);
  return respondWithPayment(c, me.tenantId, paymentId, 200);
});

payments.post(
  '/:id/refunds',
  requireRole(...MANAGERS),
  validate('json', createRefund),
  async (c) => {
    const body = c.req.valid('json');
    const me = c.get('principal');
    const orderId = pathId(c.req.param('id'), 'Order');
    const hash = await requestHash({ ...body, order_id: orderId });
    const sql = c.get('sql');
    const at = now(c);
    const result = await sql.begin(async (tx) => {
      // Order lock first, as for payments: concurrent replays of one refund id queue here.
      const order = await lockOrder(tx, me.tenantId, orderId);
      if (!order) throw notFound('Order');
      const existing = await getRefund(tx, me.tenantId, body.id);
      if (existing) {
        if (existing.request_hash !== hash)
          throw conflict(
            'A refund with this id exists with a different body.',
            'idempotency-mismatch',
          );
        return { created: false, refund: existing, events: [] };
      }
      assertAllowed(order, 'refund');
      const p = await getPayment(tx, me.tenantId, body.payment_id, true);
      if (!p || p.order_id !== orderId || p.status !== 'succeeded') {
        throw unprocessable('Unknown payment.', [
          { path: 'payment_id', message: 'names no settled payment of this order' },
        ]);
      }
      // Pending card refunds count too: what Stripe may still pay back is not refundable twice.
      const refundable = p.amount + p.tip - p.refunded;
      if (body.amount > refundable) {
        throw unprocessable(
          `At most ${refundable} can still be refunded on this payment.`,
          [{ path: 'amount', message: `must be at most ${refundable}` }],
          'refund-over-paid',
        );
      }
      const tenant = await tenantOf(tx, me.tenantId);
      const card = p.method === 'card';
      if (card) {
        const errors = cardAmountErrors(tenant.currency, { amount: body.amount });
        if (errors.length)
          throw unprocessable('Card amounts in this currency must end in 0.', errors);
      }
      await insertRefund(tx, {
        tenant_id: me.tenantId,
        id: body.id,
        order_id: orderId,
        payment_id: p.id,
        amount: body.amount,
        reason: body.reason,
        method: p.method,
        status: card ? 'pending' : 'succeeded',
        request_hash: hash,
        created_by: me.userId,
        settled_at: card ? null : at,
      });
      // A card refund joins the shift open when Stripe confirms it (webhook.ts).
      if (!card) await assignOpenShift(tx, me.tenantId, 'refund', body.id);
      await addRefunded(tx, me.tenantId, p.id, body.amount, at);
      await audit(tx, {
        tenantId: me.tenantId,
        actorId: me.userId,
        action: 'payment.refunded',
        objectType: 'order',
        objectId: orderId,
        detail: {
          payment_id: p.id,
          refund_id: body.id,
          amount: body.amount,
          method: p.method,
          reason: body.reason,
        },
      });
      const events = await afterPaymentChange(tx, tenant, orderId, at);
      return { created: true, refund: (await getRefund(tx, me.tenantId, body.id))!, events };
    });
    await publishCommitted(c.get('platform'), me.tenantId, result.events);
    let refund = result.refund;
    if (refund.method === 'card' && refund.status === 'pending' && !refund.provider_refund_id) {
      const p = (await getPayment(sql, me.tenantId, refund.payment_id))!;
      try {
        const r = await c.get('platform').payments.refund({
          refundId: refund.id,
          tenantId: me.tenantId,
          sessionId: p.checkout_session_id ?? '',
          paymentIntent: p.payment_intent,
          amount: refund.amount,
        });
        await setProviderRefundId(sql, me.tenantId, refund.id, r.id);
      } catch (e) {
        if (e instanceof PaymentRejectedError) {
          await failRefund(c, refund.id, refund.order_id);
          throw providerRejected(e.message);
        }
        if (e instanceof PaymentProviderError)
          throw providerDown('Stripe did not confirm the refund.');
        throw e;
      }
      refund = (await getRefund(sql, me.tenantId, refund.id))!;
    }
    const order = (await getOrder(sql, me.tenantId, orderId))!;
    return c.json({ ...refundView(refund), order: orderView(order) }, result.created ? 201 : 200);
  },
);

/** A card refund Stripe refused fails, and gives the amount back to what can be refunded. */
async function failRefund(c: Context<AppEnv>, refundId: string, orderId: string) {
  const me = c.get('principal');
  const events = await c.get('sql').begin(async (tx) => {
    await lockOrder(tx, me.tenantId, orderId);
    return refundFailed(tx, me.tenantId, refundId, now(c));
  });
  await publishCommitted(c.get('platform'), me.tenantId, events);
}

payments.get('/:id/receipt', async (c) => {
  const me = c.get('principal');
  const sql = c.get('sql');
  const id = pathId(c.req.param('id'), 'Order');
  const order = await getOrder(sql, me.tenantId, id);
  if (!order) throw notFound('Order');
  const [tenant, pays, refunds] = await Promise.all([
    tenantOf(sql, me.tenantId),
    orderPayments(sql, me.tenantId, id),
    orderRefunds(sql, me.tenantId, id),
  ]);
  const data = receiptData(tenant, order, pays, refunds);
  if ((c.req.header('accept') ?? '').includes('application/json')) return c.json(data);
  return c.html(receiptHtml(data));
});
