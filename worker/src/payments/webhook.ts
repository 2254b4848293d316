import { Hono } from 'hono';
import type { AppEnv } from '../common/env';
import { AppError } from '../common/errors';
import { publishCommitted } from '../common/publish';
import type { Db } from '../db/client';
import { tenantOf } from '../orders/context';
import { lockOrder } from '../orders/store';
import type { StreamEvent } from '../platform';
import { settleIntoShift } from '../shifts/store';
import type { WebhookEvent } from './port';
import { afterPaymentChange, refundFailed } from './settle';
import {
  getPayment,
  movePayment,
  moveRefund,
  paymentBySession,
  recordStripeEvent,
  refundForEvent,
} from './store';

type Outcome = { tenantId: string; events: StreamEvent[] } | null;

/**
 * What a verified Stripe event does. Checkout: `completed` settles only when the money is there
 * (`payment_status` paid or no_payment_required); a delayed method (SEPA debit…) completes `unpaid`
 * and settles on `async_payment_succeeded`, or fails on `async_payment_failed`; `expired` fails.
 * Refunds: `refund.updated` settles or fails a pending card refund by its status, `refund.failed`
 * fails it. Every move starts from `pending`, so a late event never overwrites a final state.
 */
export function eventAction(
  e: Pick<WebhookEvent, 'type' | 'paymentStatus' | 'refund'>,
): 'settle' | 'fail' | 'refund-settle' | 'refund-fail' | null {
  switch (e.type) {
    case 'checkout.session.completed':
      return e.paymentStatus === 'paid' || e.paymentStatus === 'no_payment_required'
        ? 'settle'
        : null;
    case 'checkout.session.async_payment_succeeded':
      return 'settle';
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired':
      return 'fail';
    case 'refund.updated':
      if (e.refund?.status === 'succeeded') return 'refund-settle';
      if (e.refund?.status === 'failed' || e.refund?.status === 'canceled') return 'refund-fail';
      return null;
    case 'refund.failed':
      return 'refund-fail';
    default:
      return null;
  }
}

async function onCheckout(
  tx: Db,
  event: WebhookEvent,
  settle: boolean,
  at: Date,
): Promise<Outcome> {
  if (!event.sessionId) return null;
  const found = await paymentBySession(tx, event.sessionId);
  if (!found) return null;
  // Order lock first (as every payment change takes it), then the payment as it is now.
  await lockOrder(tx, found.tenant_id, found.order_id);
  const payment = await getPayment(tx, found.tenant_id, found.id, true);
  if (payment?.status !== 'pending') return null;
  const tenant = await tenantOf(tx, payment.tenant_id);
  const moved = await movePayment(tx, payment.tenant_id, payment.id, {
    from: 'pending',
    to: settle ? 'succeeded' : 'failed',
    at,
    intent: event.paymentIntent,
  });
  if (!moved) return null;
  if (settle) await settleIntoShift(tx, payment.tenant_id, 'payment', payment.id);
  return {
    tenantId: payment.tenant_id,
    events: await afterPaymentChange(
      tx,
      tenant,
      payment.order_id,
      at,
      settle ? payment : undefined,
    ),
  };
}

async function onRefund(tx: Db, event: WebhookEvent, settle: boolean, at: Date): Promise<Outcome> {
  if (!event.refund) return null;
  const found = await refundForEvent(tx, event.refund);
  if (found?.status !== 'pending') return null;
  const tenantId = found.tenant_id;
  await lockOrder(tx, tenantId, found.order_id);
  if (!settle) {
    return { tenantId, events: await refundFailed(tx, tenantId, found.id, at, event.refund.id) };
  }
  const moved = await moveRefund(tx, {
    tenantId,
    id: found.id,
    to: 'succeeded',
    at,
    providerId: event.refund.id,
  });
  if (!moved) return null;
  await settleIntoShift(tx, tenantId, 'refund', found.id);
  return {
    tenantId,
    events: await afterPaymentChange(tx, await tenantOf(tx, tenantId), found.order_id, at),
  };
}

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
  const outcome = await sql.begin(async (tx): Promise<Outcome> => {
    if (!(await recordStripeEvent(tx, event.id, event.type))) return null;
    switch (eventAction(event)) {
      case 'settle':
        return onCheckout(tx, event, true, at);
      case 'fail':
        return onCheckout(tx, event, false, at);
      case 'refund-settle':
        return onRefund(tx, event, true, at);
      case 'refund-fail':
        return onRefund(tx, event, false, at);
      default:
        return null;
    }
  });
  if (outcome) await publishCommitted(platform, outcome.tenantId, outcome.events);
  return c.json({ received: true });
});
