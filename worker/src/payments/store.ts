import { isUuid } from '../common/ids';
import type { Db } from '../db/client';
import {
  type PaymentStatus,
  paymentMoveAllowed,
  type RefundStatus,
  refundMoveAllowed,
} from '../orders/state';
import type { PaymentMethod } from './schemas';

export interface PaymentRow {
  tenant_id: string;
  id: string;
  order_id: string;
  method: PaymentMethod;
  status: PaymentStatus;
  amount: number;
  tip: number;
  tendered: number | null;
  change: number | null;
  rounding: number;
  refunded: number;
  checkout_session_id: string | null;
  checkout_url: string | null;
  payment_intent: string | null;
  /** The terminal's slip or transaction number (terminal payments). */
  reference: string | null;
  shift_id: string | null;
  request_hash: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  settled_at: Date | null;
}

const cols = (db: Db) => db`
  tenant_id, id, order_id, method, status, amount, tip, tendered, change, rounding, refunded,
  checkout_session_id, checkout_url, payment_intent, reference, shift_id, request_hash, created_by,
  created_at, updated_at, settled_at`;

export async function getPayment(db: Db, tenantId: string, id: string, lock = false) {
  const [p] = await db<PaymentRow[]>`
    select ${cols(db)} from payments where tenant_id = ${tenantId} and id = ${id}
    ${lock ? db`for update` : db``}`;
  return p;
}

/** Notes a Stripe event id; false when it was seen before (Stripe retries, each counts once). */
export async function recordStripeEvent(db: Db, id: string, type: string): Promise<boolean> {
  const fresh = await db`insert into stripe_events (id, type) values (${id}, ${type})
                         on conflict (id) do nothing returning id`;
  return fresh.length === 1;
}

/** The payment a Stripe Checkout Session pays (any tenant: the webhook knows only the session). */
export async function paymentBySession(db: Db, sessionId: string) {
  const [p] = await db<PaymentRow[]>`
    select ${cols(db)} from payments where checkout_session_id = ${sessionId}`;
  return p;
}

export async function orderPayments(db: Db, tenantId: string, orderId: string) {
  return db<PaymentRow[]>`
    select ${cols(db)} from payments where tenant_id = ${tenantId} and order_id = ${orderId}
    order by created_at, id`;
}

export async function insertPayment(
  db: Db,
  p: Omit<
    PaymentRow,
    | 'created_at'
    | 'updated_at'
    | 'refunded'
    | 'checkout_session_id'
    | 'checkout_url'
    | 'payment_intent'
    | 'shift_id'
    | 'reference'
  > & { reference?: string | null },
) {
  await db`
    insert into payments (tenant_id, id, order_id, method, status, amount, tip, tendered, change,
                          rounding, reference, request_hash, created_by, settled_at)
    values (${p.tenant_id}, ${p.id}, ${p.order_id}, ${p.method}, ${p.status}, ${p.amount}, ${p.tip},
            ${p.tendered}, ${p.change}, ${p.rounding}, ${p.reference ?? null}, ${p.request_hash},
            ${p.created_by}, ${p.settled_at})`;
}

/**
 * Moves a payment along its state machine (orders/state.ts): only from `from`, and only when that
 * move is allowed, so a late or repeated event never overwrites a final state. Returns whether the
 * row moved (false: it was no longer in `from`).
 */
export async function movePayment(
  db: Db,
  tenantId: string,
  id: string,
  move: { from: PaymentStatus; to: PaymentStatus; at: Date; intent?: string | null },
): Promise<boolean> {
  if (!paymentMoveAllowed(move.from, move.to)) return false;
  const rows = await db`
    update payments set status = ${move.to}, updated_at = ${move.at},
      settled_at = ${move.to === 'succeeded' ? move.at : null},
      payment_intent = coalesce(${move.intent ?? null}, payment_intent)
    where tenant_id = ${tenantId} and id = ${id} and status = ${move.from}
    returning id`;
  return rows.length === 1;
}

export interface RefundRow {
  tenant_id: string;
  id: string;
  order_id: string;
  payment_id: string;
  amount: number;
  reason: string;
  method: PaymentMethod;
  status: RefundStatus;
  provider_refund_id: string | null;
  shift_id: string | null;
  request_hash: string;
  created_by: string | null;
  created_at: Date;
  settled_at: Date | null;
}

const refundCols = (db: Db) => db`
  tenant_id, id, order_id, payment_id, amount, reason, method, status, provider_refund_id, shift_id,
  request_hash, created_by, created_at, settled_at`;

export async function getRefund(db: Db, tenantId: string, id: string) {
  const [r] = await db<RefundRow[]>`
    select ${refundCols(db)} from refunds where tenant_id = ${tenantId} and id = ${id}`;
  return r;
}

export async function orderRefunds(db: Db, tenantId: string, orderId: string) {
  return db<RefundRow[]>`
    select ${refundCols(db)} from refunds where tenant_id = ${tenantId} and order_id = ${orderId}
    order by created_at, id`;
}

export async function insertRefund(
  db: Db,
  r: Pick<
    RefundRow,
    | 'tenant_id'
    | 'id'
    | 'order_id'
    | 'payment_id'
    | 'amount'
    | 'reason'
    | 'method'
    | 'status'
    | 'request_hash'
    | 'created_by'
    | 'settled_at'
  >,
) {
  await db`
    insert into refunds (tenant_id, id, order_id, payment_id, amount, reason, method, status,
                         request_hash, created_by, settled_at)
    values (${r.tenant_id}, ${r.id}, ${r.order_id}, ${r.payment_id}, ${r.amount}, ${r.reason},
            ${r.method}, ${r.status}, ${r.request_hash}, ${r.created_by}, ${r.settled_at})`;
}

/** Adds to (or, with a negative amount, gives back) what a payment has had refunded. */
export async function addRefunded(
  db: Db,
  tenantId: string,
  paymentId: string,
  amount: number,
  at: Date,
) {
  await db`update payments set refunded = refunded + ${amount}, updated_at = ${at}
           where tenant_id = ${tenantId} and id = ${paymentId}`;
}

/** Records Stripe's id for a refund (once: a concurrent replay may have stored it already). */
export async function setProviderRefundId(
  db: Db,
  tenantId: string,
  id: string,
  providerId: string,
) {
  await db`update refunds set provider_refund_id = ${providerId}
           where tenant_id = ${tenantId} and id = ${id} and provider_refund_id is null`;
}

/**
 * The card refund a Stripe refund event is about: by Stripe's refund id, or (when the event beat
 * us to storing that id) by the tenant and refund id we sent as metadata.
 */
export async function refundForEvent(
  db: Db,
  e: { id: string; refundId: string | null; tenantId: string | null },
): Promise<RefundRow | undefined> {
  const [byProvider] = await db<RefundRow[]>`
    select ${refundCols(db)} from refunds where provider_refund_id = ${e.id}`;
  if (byProvider) return byProvider;
  if (!e.refundId || !e.tenantId || !isUuid(e.refundId) || !isUuid(e.tenantId)) return undefined;
  const [byOwn] = await db<RefundRow[]>`
    select ${refundCols(db)} from refunds
    where tenant_id = ${e.tenantId} and id = ${e.refundId} and method = 'card'
      and provider_refund_id is null`;
  return byOwn;
}

/** Moves a refund along its state machine, only from `pending`; false when it had moved already. */
export async function moveRefund(
  db: Db,
  r: { tenantId: string; id: string; to: RefundStatus; at: Date; providerId?: string },
): Promise<boolean> {
  if (!refundMoveAllowed('pending', r.to)) return false;
  const rows = await db`
    update refunds set status = ${r.to}, settled_at = ${r.to === 'succeeded' ? r.at : null},
      provider_refund_id = coalesce(provider_refund_id, ${r.providerId ?? null})
    where tenant_id = ${r.tenantId} and id = ${r.id} and status = 'pending'
    returning id`;
  return rows.length === 1;
}
