import { appendEvent } from '../common/events';
import type { Db } from '../db/client';
import { tenantOf } from '../orders/context';
import { getOrder, isOpen, nextReceiptNumber, recompute } from '../orders/store';
import { orderView } from '../orders/view';
import type { StreamEvent } from '../platform';
import { tableEventsFor } from '../tables/floor';
import type { Tenant } from '../tenants/store';
import { addRefunded, getRefund, moveRefund, type PaymentRow } from './store';
import { paymentView } from './view';

/**
 * After a payment changed: re-price, and when the balance reaches 0 with nothing pending, mark the
 * order paid and give it the next receipt number, all in the paying transaction.
 */
export async function afterPaymentChange(
  tx: Db,
  tenant: Tenant,
  orderId: string,
  now: Date,
  succeeded?: PaymentRow,
): Promise<StreamEvent[]> {
  const totals = await recompute(tx, tenant.id, orderId, tenant.tax_inclusive, now);
  // Only an open order becoming paid takes a receipt number: a refund, a replay or a late event on
  // an order already paid reaches here with balance 0 too, and must not burn one.
  if (
    totals.balance === 0 &&
    totals.pending_total === 0 &&
    (await isOpen(tx, tenant.id, orderId))
  ) {
    const n = await nextReceiptNumber(tx, tenant.id);
    await tx`update orders set status = 'paid', paid_at = ${now}, receipt_number = ${n}
             where tenant_id = ${tenant.id} and id = ${orderId} and status = 'open'`;
  }
  const order = (await getOrder(tx, tenant.id, orderId))!;
  const events: StreamEvent[] = [];
  if (succeeded) {
    const [p] = await tx<
      PaymentRow[]
    >`select * from payments where tenant_id = ${tenant.id} and id = ${succeeded.id}`;
    events.push(
      await appendEvent(tx, tenant.id, 'payment.succeeded', {
        payment: paymentView(p!),
        order_id: orderId,
      }),
    );
  }
  events.push(await appendEvent(tx, tenant.id, 'order.updated', { order: orderView(order) }));
  events.push(...(await tableEventsFor(tx, tenant.id, events)));
  return events;
}

/**
 * A pending card refund failed (Stripe refused it, or its event said so): it moves to `failed`
 * and the payment may be refunded by that amount again. Callers hold the order's lock.
 */
export async function refundFailed(
  tx: Db,
  tenantId: string,
  refundId: string,
  at: Date,
  providerId?: string,
): Promise<StreamEvent[]> {
  const r = await getRefund(tx, tenantId, refundId);
  if (!r) return [];
  if (!(await moveRefund(tx, { tenantId, id: r.id, to: 'failed', at, providerId }))) return [];
  await addRefunded(tx, tenantId, r.payment_id, -r.amount, at);
  const tenant = await tenantOf(tx, tenantId);
  return afterPaymentChange(tx, tenant, r.order_id, at);
}
