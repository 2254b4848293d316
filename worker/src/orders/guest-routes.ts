import { Hono } from 'hono';
import { takeAttempt } from '../auth/throttle';
import { requestHash } from '../common/canonical';
import { clientAddress } from '../common/client-address';
import type { AppEnv } from '../common/env';
import { forbidden, notFound, tooManyRequests, unprocessable } from '../common/errors';
import { pathToken, randomToken } from '../common/ids';
import { publishCommitted } from '../common/publish';
import { validate } from '../common/validate';
import { ensureCheckout } from '../payments/routes';
import { afterPaymentChange } from '../payments/settle';
import { insertPayment } from '../payments/store';
import { now, tenantOf } from './context';
import { createOrder } from './create';
import { guestCheckout, guestOrder } from './schemas';
import { getOrderByTracking, lockOrder, openBillsAtTable } from './store';
import { guestOrderView } from './view';

/** Limits on guest orders: a table orders a few rounds an hour; one phone rarely more. */
const PER_TABLE = 30;
const PER_ADDRESS = 20;

export const guest = new Hono<AppEnv>();

guest.post('/tables/:qr_token/orders', validate('json', guestOrder), async (c) => {
  const token = pathToken(c.req.param('qr_token'), 'Table');
  const sql = c.get('sql');
  const platform = c.get('platform');
  const [table] = await sql<{ id: string; tenant_id: string }[]>`
    select id, tenant_id from tables where qr_token = ${token} and deleted_at is null`;
  if (!table) throw notFound('Table');
  const tenant = await tenantOf(sql, table.tenant_id);
  if (!tenant.qr_ordering) throw forbidden('This venue does not take orders by QR code right now.');
  const body = c.req.valid('json');
  const existing =
    await sql`select 1 from orders where tenant_id = ${tenant.id} and id = ${body.id}`;
  // Replays of an order already placed are free; new orders count against the limits.
  if (!existing.length) {
    const wait = await takeAttempt(
      sql,
      [
        { key: `qr:table:${table.id}`, limit: PER_TABLE },
        { key: `qr:addr:${clientAddress(c)}`, limit: PER_ADDRESS },
      ],
      now(c),
    );
    if (wait !== null) throw tooManyRequests(wait);
  }
  const result = await createOrder(
    sql,
    tenant.id,
    {
      id: body.id,
      type: 'dine_in',
      table_id: table.id,
      note: body.note ?? null,
      lines: body.lines,
    },
    { source: 'qr', createdBy: null, trackingToken: randomToken(24), now: now(c) },
  );
  await publishCommitted(platform, tenant.id, result.events);
  return c.json(
    { order: guestOrderView(result.order), tracking_token: result.order.tracking_token },
    result.created ? 201 : 200,
  );
});

/**
 * The table's open bills with their tracking tokens, so a guest can pay a bill the staff took,
 * or one split off theirs. The QR code on the table is the credential, as for ordering.
 */
guest.get('/tables/:qr_token/bills', async (c) => {
  const token = pathToken(c.req.param('qr_token'), 'Table');
  const bills = await openBillsAtTable(c.get('sql'), token);
  if (!bills) throw notFound('Table');
  c.header('Cache-Control', 'no-store');
  return c.json({
    data: bills.map((o) => ({ order: guestOrderView(o), tracking_token: o.tracking_token! })),
  });
});

guest.get('/orders/:tracking_token', async (c) => {
  const token = pathToken(c.req.param('tracking_token'), 'Order');
  const order = await getOrderByTracking(c.get('sql'), token);
  if (!order) throw notFound('Order');
  return c.json(guestOrderView(order));
});

/** The guest pays the balance on their own phone: one pending card payment per order, reused. */
guest.post('/orders/:tracking_token/checkout', validate('json', guestCheckout), async (c) => {
  const token = pathToken(c.req.param('tracking_token'), 'Order');
  // `amount` pays a share ("split N ways", "pay an amount"); without it, what is still due.
  const { amount } = c.req.valid('json');
  const sql = c.get('sql');
  const platform = c.get('platform');
  const found = await getOrderByTracking(sql, token);
  if (!found) throw notFound('Order');
  if (!platform.payments.configured)
    throw unprocessable('Card payments are not set up here.', undefined, 'card-payments-off');
  const tenant = await tenantOf(sql, found.tenant_id);
  const result = await sql.begin(async (tx) => {
    const order = await lockOrder(tx, tenant.id, found.id);
    if (order?.status !== 'open')
      throw unprocessable('This order has nothing left to pay.', undefined, 'nothing-to-pay');
    // A second tap (or a guest reopening the page) reuses the guest's pending checkout.
    const [pending] = await tx<{ id: string }[]>`
      select id from payments where tenant_id = ${tenant.id} and order_id = ${order.id}
        and method = 'card' and status = 'pending' and created_by is null
        ${amount !== undefined ? tx`and amount = ${amount}` : tx``}
      order by created_at desc limit 1`;
    if (pending) return { paymentId: pending.id, events: [] };
    const remaining = order.total - order.paid_total - order.pending_total;
    if (amount !== undefined && amount > remaining && remaining > 0) {
      throw unprocessable(
        `The amount is over the balance still due (${remaining}).`,
        [{ path: 'amount', message: `must be at most ${remaining}` }],
        'amount-over-balance',
      );
    }
    if (remaining <= 0)
      throw unprocessable(
        'Another payment is under way for this order.',
        undefined,
        'payment-pending',
      );
    const id = crypto.randomUUID();
    await insertPayment(tx, {
      tenant_id: tenant.id,
      id,
      order_id: order.id,
      method: 'card',
      status: 'pending',
      amount: amount ?? remaining,
      tip: 0,
      tendered: null,
      change: null,
      rounding: 0,
      request_hash: await requestHash({ guest: order.id, id }),
      created_by: null,
      settled_at: null,
    });
    return { paymentId: id, events: await afterPaymentChange(tx, tenant, order.id, now(c)) };
  });
  await publishCommitted(platform, tenant.id, result.events);
  const [payment] = await sql<
    import('../payments/store').PaymentRow[]
  >`select * from payments where tenant_id = ${tenant.id} and id = ${result.paymentId}`;
  await ensureCheckout(c, payment!, found.ticket_number, tenant.currency);
  const [fresh] = await sql<
    { checkout_url: string }[]
  >`select checkout_url from payments where tenant_id = ${tenant.id} and id = ${result.paymentId}`;
  return c.json({ checkout_url: fresh!.checkout_url, payment_id: result.paymentId });
});
