import type { Db } from '../db/client';
import type { PaymentStatus } from '../orders/state';

export interface PaymentRow {
  tenant_id: string;
  id: string;
  order_id: string;
  method: 'cash' | 'card';
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
  request_hash: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  settled_at: Date | null;
}

const cols = (db: Db) => db`
  tenant_id, id, order_id, method, status, amount, tip, tendered, change, rounding, refunded,
  checkout_session_id, checkout_url, payment_intent, request_hash, created_by, created_at,
  updated_at, settled_at`;

export async function getPayment(db: Db, tenantId: string, id: string, lock = false) {
  const [p] = await db<PaymentRow[]>`
    select ${cols(db)} from payments where tenant_id = ${tenantId} and id = ${id}
    ${lock ? db`for update` : db``}`;
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
  >,
) {
  await db`
    insert into payments (tenant_id, id, order_id, method, status, amount, tip, tendered, change,
                          rounding, request_hash, created_by, settled_at)
    values (${p.tenant_id}, ${p.id}, ${p.order_id}, ${p.method}, ${p.status}, ${p.amount}, ${p.tip},
            ${p.tendered}, ${p.change}, ${p.rounding}, ${p.request_hash}, ${p.created_by}, ${p.settled_at})`;
}

export async function setPaymentStatus(
  db: Db,
  tenantId: string,
  id: string,
  status: PaymentStatus,
  at: Date,
  intent?: string | null,
) {
  await db`
    update payments set status = ${status}, updated_at = ${at},
      settled_at = ${status === 'succeeded' ? at : null},
      payment_intent = coalesce(${intent ?? null}, payment_intent)
    where tenant_id = ${tenantId} and id = ${id}`;
}

export interface RefundRow {
  tenant_id: string;
  id: string;
  order_id: string;
  payment_id: string;
  amount: number;
  reason: string;
  method: 'cash' | 'card';
  provider_refund_id: string | null;
  request_hash: string;
  created_by: string | null;
  created_at: Date;
}

export async function getRefund(db: Db, tenantId: string, id: string) {
  const [r] = await db<RefundRow[]>`
    select tenant_id, id, order_id, payment_id, amount, reason, method, provider_refund_id,
           request_hash, created_by, created_at
    from refunds where tenant_id = ${tenantId} and id = ${id}`;
  return r;
}

export async function orderRefunds(db: Db, tenantId: string, orderId: string) {
  return db<RefundRow[]>`
    select tenant_id, id, order_id, payment_id, amount, reason, method, provider_refund_id,
           request_hash, created_by, created_at
    from refunds where tenant_id = ${tenantId} and order_id = ${orderId} order by created_at, id`;
}
