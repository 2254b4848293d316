import { Hono } from 'hono';
import { requireAuth, requireRole } from '../auth/middleware';
import { audit } from '../common/audit';
import { requestHash } from '../common/canonical';
import type { AppEnv, Role } from '../common/env';
import { conflict, notFound } from '../common/errors';
import { appendEvent } from '../common/events';
import { idempotent } from '../common/idempotency';
import { pathId } from '../common/ids';
import { decodeCursor, listQuery, page, timeCursor } from '../common/pagination';
import { publishCommitted } from '../common/publish';
import { validate } from '../common/validate';
import { ticketNewLines } from '../kitchen/ticketing';
import { tableEventsFor } from '../tables/floor';
import { linesSplitOff, mergedTarget } from '../tables/store';
import { now, tenantOf } from './context';
import { assertLineIdsFree, createOrder, priceRequested } from './create';
import {
  addLines,
  bumpBody,
  createOrder as createOrderBody,
  discountBody,
  lineStatusBody,
  listOrdersQuery,
  voidBody,
} from './schemas';
import { type LineStatus, lineMoveAllowed, type OrderAction, orderAllows } from './state';
import {
  getOrder,
  insertLines,
  listOrders,
  loadLines,
  lockOrder,
  type OrderRow,
  recompute,
} from './store';
import { lineView, orderView } from './view';

export const ORDER_WRITERS: Role[] = ['owner', 'manager', 'cashier', 'waiter'];
export const MANAGERS: Role[] = ['owner', 'manager'];

export function assertAllowed(order: OrderRow, action: OrderAction) {
  if (!orderAllows(order.status, action)) {
    throw conflict(
      `Cannot ${action.replace('_', ' ')} an order that is ${order.status}.`,
      `order-${action.replace('_', '-')}-not-allowed`,
    );
  }
}

export const orders = new Hono<AppEnv>();
orders.use(requireAuth);

const cursorSchema = timeCursor;

orders.get('/', validate('query', listQuery.extend(listOrdersQuery.shape)), async (c) => {
  const q = c.req.valid('query');
  const rows = await listOrders(c.get('sql'), c.get('principal').tenantId, {
    ...q,
    limit: q.limit + 1,
    after: decodeCursor(q.cursor, cursorSchema),
  });
  const p = page(rows, q.limit, (o) => ({ at: o.created_at.toISOString(), id: o.id }));
  return c.json({ data: p.data.map(orderView), next_cursor: p.next_cursor });
});

orders.get('/:id', async (c) => {
  const o = await getOrder(
    c.get('sql'),
    c.get('principal').tenantId,
    pathId(c.req.param('id'), 'Order'),
  );
  if (!o) throw notFound('Order');
  return c.json(orderView(o));
});

orders.post('/', requireRole(...ORDER_WRITERS), validate('json', createOrderBody), async (c) => {
  const me = c.get('principal');
  const sql = c.get('sql');
  const result = await createOrder(sql, me.tenantId, c.req.valid('json'), {
    source: 'pos',
    createdBy: me.userId,
    trackingToken: null,
    now: now(c),
  });
  await publishCommitted(c.get('platform'), me.tenantId, result.events);
  return c.json(orderView(result.order), result.created ? 201 : 200);
});

interface MutateResult {
  status?: 200 | 201;
  events?: import('../platform').StreamEvent[];
  skipUpdate?: boolean;
}

/**
 * Runs a change on a locked order in one transaction, re-prices it, records `order.updated` and
 * publishes after commit. `change` returns extra events (e.g. a line status) or nothing.
 */
async function mutate(
  c: import('hono').Context<AppEnv>,
  action: OrderAction,
  change: (
    tx: import('../db/client').Db,
    order: OrderRow,
    tenant: import('../tenants/store').Tenant,
  ) => Promise<MutateResult | undefined> | Promise<void>,
) {
  const me = c.get('principal');
  let id = pathId(c.req.param('id'), 'Order');
  // A round sent to a tab that was merged into another (from a device that was offline) goes
  // where the tab went, so it is neither lost nor refused.
  if (action === 'add_lines') id = (await mergedTarget(c.get('sql'), me.tenantId, id)) ?? id;
  const result = await c.get('sql').begin(async (tx) => {
    const order = await lockOrder(tx, me.tenantId, id);
    if (!order) throw notFound('Order');
    assertAllowed(order, action);
    const tenant = await tenantOf(tx, me.tenantId);
    const out: MutateResult = (await change(tx, order, tenant)) ?? {};
    const events = [...(out.events ?? [])];
    if (!out.skipUpdate) await recompute(tx, me.tenantId, id, tenant.tax_inclusive, now(c));
    // Read once: the same row is both the event's payload and the response.
    const updated = (await getOrder(tx, me.tenantId, id))!;
    if (!out.skipUpdate) {
      events.push(
        await appendEvent(tx, me.tenantId, 'order.updated', { order: orderView(updated) }),
      );
    }
    events.push(...(await tableEventsFor(tx, me.tenantId, events)));
    return { status: out.status ?? 200, events, order: updated };
  });
  await publishCommitted(c.get('platform'), me.tenantId, result.events);
  return c.json(orderView(result.order), result.status);
}

orders.post('/:id/lines', requireRole(...ORDER_WRITERS), validate('json', addLines), async (c) => {
  const body = c.req.valid('json');
  return mutate(c, 'add_lines', async (tx, order) => {
    const me = c.get('principal');
    // Lines a split moved to another order are still this round's lines: replays skip them.
    const existing = [
      ...(await loadLines(tx, me.tenantId, [order.id])),
      ...(await linesSplitOff(tx, me.tenantId, order.id)),
    ];
    const known = new Map(existing.map((l) => [l.id, l]));
    const fresh = [];
    for (const [i, l] of body.lines.entries()) {
      const was = known.get(l.id);
      if (!was) {
        fresh.push(l);
        continue;
      }
      // A line id already on the order is a replay: identical is skipped, different is a conflict.
      if (was.request_hash !== (await requestHash(l))) {
        throw conflict(
          `Line ${i} (${l.id}) was already added with a different body.`,
          'idempotency-mismatch',
        );
      }
    }
    if (!fresh.length) return { skipUpdate: true };
    const priced = await priceRequested(tx, me.tenantId, fresh, order.type, order.catalog_version);
    await assertLineIdsFree(
      tx,
      me.tenantId,
      priced.map((l) => l.id),
    );
    const hashes = await Promise.all(fresh.map((l) => requestHash(l)));
    await insertLines(
      tx,
      me.tenantId,
      order.id,
      priced.map((l, i) => ({ ...l, request_hash: hashes[i]! })),
      now(c),
    ).catch((e: { code?: string }) => {
      // The same line id sent to two orders at once: the one that lost the race is told so.
      if (e.code === '23505') {
        throw conflict('A line id is already used by another order.', 'line-id-taken');
      }
      throw e;
    });
    await ticketNewLines(tx, await tenantOf(tx, me.tenantId), order.id, now(c));
    return { status: 201 };
  });
});

orders.post(
  '/:id/lines/:line_id/void',
  requireRole(...ORDER_WRITERS),
  validate('json', voidBody),
  async (c) => {
    const { reason } = c.req.valid('json');
    const lineId = pathId(c.req.param('line_id'), 'Line');
    return mutate(c, 'void_line', async (tx, order) => {
      const me = c.get('principal');
      // Cashiers and waiters may void a line only while nothing is paid on the order.
      if (!MANAGERS.includes(me.role) && order.paid_total + order.pending_total > 0) {
        throw conflict('A manager must void lines once payments were taken.', 'void-needs-manager');
      }
      const [line] = await tx<{ voided: boolean; name: string; line_total: number }[]>`
      select voided, name, line_total from order_lines
      where tenant_id = ${me.tenantId} and order_id = ${order.id} and id = ${lineId} for update`;
      if (!line) throw notFound('Line');
      if (line.voided) throw conflict('The line is already void.', 'line-already-void');
      await tx`update order_lines set voided = true, void_reason = ${reason}, updated_at = ${now(c)}
             where tenant_id = ${me.tenantId} and id = ${lineId}`;
      const totals = await recompute(
        tx,
        me.tenantId,
        order.id,
        (await tenantOf(tx, me.tenantId)).tax_inclusive,
        now(c),
      );
      if (totals.total < order.paid_total + order.pending_total) {
        throw conflict(
          'Voiding this line would leave the order paid beyond its total; refund first.',
          'void-below-paid',
        );
      }
      await audit(tx, {
        tenantId: me.tenantId,
        actorId: me.userId,
        action: 'line.voided',
        objectType: 'order',
        objectId: order.id,
        detail: { line_id: lineId, name: line.name, amount: line.line_total, reason },
      });
    });
  },
);

orders.patch('/:id/lines/:line_id', validate('json', lineStatusBody), async (c) => {
  const { status } = c.req.valid('json');
  const lineId = pathId(c.req.param('line_id'), 'Line');
  return mutate(c, 'line_status', async (tx, order) => {
    const me = c.get('principal');
    const [line] = await tx<{ status: LineStatus; voided: boolean }[]>`
      select status, voided from order_lines
      where tenant_id = ${me.tenantId} and order_id = ${order.id} and id = ${lineId} for update`;
    if (!line) throw notFound('Line');
    if (line.voided) throw conflict('A void line has no kitchen status.', 'line-void');
    if (!lineMoveAllowed(line.status, status)) {
      throw conflict(
        `A line cannot go from ${line.status} to ${status}.`,
        'line-status-not-allowed',
      );
    }
    const [updated] = await loadLinesAfter(tx, me.tenantId, order.id, [lineId], status, now(c));
    const ev = await appendEvent(tx, me.tenantId, 'order.line_status', {
      order_id: order.id,
      line: lineView(updated!),
    });
    return { events: [ev], skipUpdate: true };
  });
});

orders.post('/:id/bump', validate('json', bumpBody), async (c) => {
  const { status, station_id } = c.req.valid('json');
  return mutate(c, 'line_status', async (tx, order) => {
    const me = c.get('principal');
    // A station's display bumps only its own lines, and never a held course.
    const lines = (await loadLines(tx, me.tenantId, [order.id])).filter(
      (l) =>
        !l.voided &&
        l.fired_at !== null &&
        lineMoveAllowed(l.status, status) &&
        (!station_id || l.station_id === station_id),
    );
    if (!lines.length)
      throw conflict(`No line of this ticket can move to ${status}.`, 'line-status-not-allowed');
    const updated = await loadLinesAfter(
      tx,
      me.tenantId,
      order.id,
      lines.map((l) => l.id),
      status,
      now(c),
    );
    const events = [];
    for (const l of updated) {
      events.push(
        await appendEvent(tx, me.tenantId, 'order.line_status', {
          order_id: order.id,
          line: lineView(l),
        }),
      );
    }
    return { events, skipUpdate: true };
  });
});

async function loadLinesAfter(
  tx: import('../db/client').Db,
  tenantId: string,
  orderId: string,
  ids: string[],
  status: LineStatus,
  at: Date,
) {
  await tx`update order_lines set status = ${status}, updated_at = ${at}
           where tenant_id = ${tenantId} and order_id = ${orderId} and id = any(${ids}::uuid[])`;
  return (await loadLines(tx, tenantId, [orderId])).filter((l) => ids.includes(l.id));
}

// Idempotency-Key: a discount a manager approved offline is replayed by the outbox until an
// answer arrives; a lost answer must not discount (and audit) twice.
orders.post(
  '/:id/discount',
  requireRole(...MANAGERS),
  idempotent,
  validate('json', discountBody),
  async (c) => {
    const body = c.req.valid('json');
    return mutate(c, 'discount', async (tx, order, tenant) => {
      const me = c.get('principal');
      await tx`update orders set discount_kind = ${body.kind}, discount_value = ${body.value}, discount_reason = ${body.reason}
             where tenant_id = ${me.tenantId} and id = ${order.id}`;
      const totals = await recompute(tx, me.tenantId, order.id, tenant.tax_inclusive, now(c));
      if (totals.total < order.paid_total + order.pending_total) {
        throw conflict(
          'The discount would bring the total below what is already paid.',
          'discount-below-paid',
        );
      }
      await audit(tx, {
        tenantId: me.tenantId,
        actorId: me.userId,
        action: 'order.discounted',
        objectType: 'order',
        objectId: order.id,
        detail: {
          kind: body.kind,
          value: body.value,
          amount: totals.discount_total,
          reason: body.reason,
        },
      });
    });
  },
);

orders.post('/:id/void', requireRole(...MANAGERS), validate('json', voidBody), async (c) => {
  const { reason } = c.req.valid('json');
  return mutate(c, 'void', async (tx, order) => {
    const me = c.get('principal');
    if (order.paid_total > 0 || order.pending_total > 0) {
      throw conflict(
        'Only an order with nothing paid or pending can be voided.',
        'order-void-not-allowed',
      );
    }
    await tx`update orders set status = 'void', voided_at = ${now(c)}, void_reason = ${reason}
             where tenant_id = ${me.tenantId} and id = ${order.id}`;
    await audit(tx, {
      tenantId: me.tenantId,
      actorId: me.userId,
      action: 'order.voided',
      objectType: 'order',
      objectId: order.id,
      detail: { amount: order.total, reason },
    });
  });
});

orders.post('/:id/close', requireRole(...ORDER_WRITERS), async (c) =>
  mutate(c, 'close', async (tx, order) => {
    await tx`update orders set status = 'closed', closed_at = ${now(c)}
             where tenant_id = ${order.tenant_id} and id = ${order.id}`;
  }),
);
