import type { Db } from '../db/client';
import { getOrder, nextReceiptNumber, recompute } from '../orders/store';
import { orderView } from '../orders/view';
import type { StreamEvent } from '../platform';
import { appendEvent } from '../shared/events';
import { tableEventsFor } from '../tables/floor';
import type { Tenant } from '../tenants/store';
import type { PaymentRow } from './store';
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
  if (totals.balance === 0 && totals.pending_total === 0) {
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
