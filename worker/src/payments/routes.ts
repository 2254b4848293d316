import { type Context, Hono } from 'hono';
import { requireAuth, requireRole } from '../auth/middleware';
import { now, tenantOf } from '../orders/context';
import { roundCash } from '../orders/pricing';
import { receiptData, receiptHtml } from '../orders/receipt';
import { assertAllowed } from '../orders/routes';
import { getOrder, lockOrder } from '../orders/store';
import { orderView } from '../orders/view';
import { audit } from '../shared/audit';
import { requestHash } from '../shared/canonical';
import type { AppEnv, Role } from '../shared/env';
import { AppError, conflict, notFound, unprocessable } from '../shared/errors';
import { pathId } from '../shared/ids';
import { publishCommitted } from '../shared/publish';
import { validate } from '../shared/validate';
import { assignOpenShift, settleIntoShift } from '../shifts/store';
import { PaymentProviderError } from './port';
import { createPayment, createRefund } from './schemas';
import { afterPaymentChange } from './settle';
import {
  getPayment,
  getRefund,
  insertPayment,
  orderPayments,
  orderRefunds,
  type PaymentRow,
  setPaymentStatus,
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
  let session: import('./port').CheckoutSession;
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
      const existing = await getPayment(tx, me.tenantId, body.id);
      if (existing) {
        if (existing.request_hash !== hash)
          throw conflict(
            'A payment with this id exists with a different body.',
            'idempotency-mismatch',
          );
        return { created: false, events: [], payment: existing };
      }
      const order = await lockOrder(tx, me.tenantId, orderId);
      if (!order) throw notFound('Order');
      assertAllowed(order, 'pay');
      const tenant = await tenantOf(tx, me.tenantId);
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
    await setPaymentStatus(tx, me.tenantId, paymentId, 'canceled', now(c));
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
    const result = await sql.begin(async (tx) => {
      const existing = await getRefund(tx, me.tenantId, body.id);
      if (existing) {
        if (existing.request_hash !== hash)
          throw conflict(
            'A refund with this id exists with a different body.',
            'idempotency-mismatch',
          );
        return { created: false, refund: existing, events: [] };
      }
      const order = await lockOrder(tx, me.tenantId, orderId);
      if (!order) throw notFound('Order');
      assertAllowed(order, 'refund');
      const p = await getPayment(tx, me.tenantId, body.payment_id, true);
      if (!p || p.order_id !== orderId || p.status !== 'succeeded') {
        throw unprocessable('Unknown payment.', [
          { path: 'payment_id', message: 'names no settled payment of this order' },
        ]);
      }
      const refundable = p.amount + p.tip - p.refunded;
      if (body.amount > refundable) {
        throw unprocessable(
          `At most ${refundable} can still be refunded on this payment.`,
          [{ path: 'amount', message: `must be at most ${refundable}` }],
          'refund-over-paid',
        );
      }
      await tx`insert into refunds (tenant_id, id, order_id, payment_id, amount, reason, method, request_hash, created_by)
             values (${me.tenantId}, ${body.id}, ${orderId}, ${p.id}, ${body.amount}, ${body.reason}, ${p.method}, ${hash}, ${me.userId})`;
      await assignOpenShift(tx, me.tenantId, 'refund', body.id);
      await tx`update payments set refunded = refunded + ${body.amount}, updated_at = ${now(c)}
             where tenant_id = ${me.tenantId} and id = ${p.id}`;
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
      const events = await afterPaymentChange(tx, await tenantOf(tx, me.tenantId), orderId, now(c));
      return { created: true, refund: (await getRefund(tx, me.tenantId, body.id))!, events };
    });
    await publishCommitted(c.get('platform'), me.tenantId, result.events);
    let refund = result.refund;
    if (refund.method === 'card' && !refund.provider_refund_id) {
      const p = (await getPayment(sql, me.tenantId, refund.payment_id))!;
      try {
        const r = await c.get('platform').payments.refund({
          refundId: refund.id,
          sessionId: p.checkout_session_id ?? '',
          paymentIntent: p.payment_intent,
          amount: refund.amount,
        });
        await sql`update refunds set provider_refund_id = ${r.id} where tenant_id = ${me.tenantId} and id = ${refund.id}`;
        refund = (await getRefund(sql, me.tenantId, refund.id))!;
      } catch (e) {
        if (e instanceof PaymentProviderError)
          throw providerDown('Stripe did not confirm the refund.');
        throw e;
      }
    }
    const order = (await getOrder(sql, me.tenantId, orderId))!;
    return c.json({ ...refundView(refund), order: orderView(order) }, result.created ? 201 : 200);
  },
);

/** Stripe's webhook: signature checked on the raw body, each event id processed once. */
export const stripeWebhook = new Hono<AppEnv>();
stripeWebhook.post('/webhook', async (c) => {
  const platform = c.get('platform');
  const raw = await c.req.text();
  const event = await platform.payments.verifyWebhook(raw, c.req.header('stripe-signature'));
  if (!event) {
    throw new AppError(
      400,
      'https://comanda.dev/problems/invalid-signature',
      'Invalid signature',
      'The Stripe-Signature header is missing, wrong or too old.',
    );
  }
  const sql = c.get('sql');
  const at = platform.clock.now();
  const outcome = await sql.begin(async (tx) => {
    const fresh = await tx`insert into stripe_events (id, type) values (${event.id}, ${event.type})
                           on conflict (id) do nothing returning id`;
    if (!fresh.length || !event.sessionId) return null;
    if (event.type !== 'checkout.session.completed' && event.type !== 'checkout.session.expired')
      return null;
    const p = await tx<
      PaymentRow[]
    >`select * from payments where checkout_session_id = ${event.sessionId}`;
    const payment = p[0];
    if (payment?.status !== 'pending') return null;
    await lockOrder(tx, payment.tenant_id, payment.order_id);
    const tenant = await tenantOf(tx, payment.tenant_id);
    if (event.type === 'checkout.session.completed') {
      await setPaymentStatus(
        tx,
        payment.tenant_id,
        payment.id,
        'succeeded',
        at,
        event.paymentIntent,
      );
      await settleIntoShift(tx, payment.tenant_id, payment.id);
      return {
        tenantId: payment.tenant_id,
        events: await afterPaymentChange(tx, tenant, payment.order_id, at, payment),
      };
    }
    await setPaymentStatus(tx, payment.tenant_id, payment.id, 'failed', at);
    return {
      tenantId: payment.tenant_id,
      events: await afterPaymentChange(tx, tenant, payment.order_id, at),
    };
  });
  if (outcome) await publishCommitted(platform, outcome.tenantId, outcome.events);
  return c.json({ received: true });
});

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
