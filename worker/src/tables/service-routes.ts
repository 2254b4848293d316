import { type Context, Hono } from 'hono';
import { requireAuth, requireRole } from '../auth/middleware';
import { audit } from '../common/audit';
import { requestHash } from '../common/canonical';
import type { AppEnv } from '../common/env';
import { conflict, notFound, unprocessable } from '../common/errors';
import { appendEvent } from '../common/events';
import { pathId, sha256Hex } from '../common/ids';
import { publishCommitted } from '../common/publish';
import { validate } from '../common/validate';
import type { Db } from '../db/client';
import { now, tenantOf } from '../orders/context';
import { assertAllowed, ORDER_WRITERS } from '../orders/routes';
import { getOrder, insertOrder, loadLines, lockOrder, recompute } from '../orders/store';
import { orderView } from '../orders/view';
import type { StreamEvent } from '../platform';
import { readFloor, tableEventsFor } from './floor';
import { mergeBody, moveBody, splitBody } from './schemas';
import { planSplit } from './split';
import {
  copyLinePart,
  livePaymentCount,
  liveTableExists,
  lockOrders,
  markMerged,
  markSplitFrom,
  moveLine,
  nextLinePosition,
  orderWithLineage,
  resizeLine,
  setDiscount,
  setOrderTable,
} from './store';

/** GET /floor: the live floor plan, for every staff role. */
export const floor = new Hono<AppEnv>();
floor.use(requireAuth);
floor.get('/', async (c) => {
  const areas = await readFloor(c.get('sql'), c.get('principal').tenantId);
  return c.json({ areas });
});

/**
 * The id a line split in part gets on the new order: derived from the new order's id and the
 * source line's, so a replayed split (or a retry after a lost answer) names the same line.
 */
export async function splitLineId(newOrderId: string, lineId: string): Promise<string> {
  const h = await sha256Hex(`split:${newOrderId}:${lineId}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Runs a table-service change in one transaction, then publishes its events after commit. */
async function run<T>(
  c: Context<AppEnv>,
  fn: (tx: Db, tenantId: string) => Promise<{ events: StreamEvent[]; result: T }>,
): Promise<T> {
  const tenantId = c.get('principal').tenantId;
  const out = await c.get('sql').begin((tx) => fn(tx, tenantId));
  await publishCommitted(c.get('platform'), tenantId, out.events);
  return out.result;
}

const updatedEvent = async (tx: Db, tenantId: string, orderId: string) =>
  appendEvent(tx, tenantId, 'order.updated', {
    order: orderView((await getOrder(tx, tenantId, orderId))!),
  });

/** Table service on orders: move to another table, split the bill, merge tabs. */
export const tableService = new Hono<AppEnv>();
tableService.use(requireAuth);
const writers = requireRole(...ORDER_WRITERS);

/** Idempotent by its target: moving an order to the table it is on changes nothing (200). */
tableService.post('/:id/move', writers, validate('json', moveBody), async (c) => {
  const id = pathId(c.req.param('id'), 'Order');
  const { table_id } = c.req.valid('json');
  const order = await run(c, async (tx, tenantId) => {
    const o = await lockOrder(tx, tenantId, id);
    if (!o) throw notFound('Order');
    if (o.table_id === table_id) return { events: [], result: o };
    assertAllowed(o, 'move');
    if (!(await liveTableExists(tx, tenantId, table_id))) {
      throw unprocessable('Unknown table.', [
        { path: 'table_id', message: 'names no table of this tenant' },
      ]);
    }
    await setOrderTable(tx, tenantId, id, table_id);
    const events = [await updatedEvent(tx, tenantId, id)];
    events.push(...(await tableEventsFor(tx, tenantId, events, [o.table_id])));
    return { events, result: o };
  });
  const fresh = (await getOrder(c.get('sql'), order.tenant_id, id))!;
  return c.json(orderView(fresh));
});

tableService.post('/:id/split', writers, validate('json', splitBody), async (c) => {
  const sourceId = pathId(c.req.param('id'), 'Order');
  const body = c.req.valid('json');
  const me = c.get('principal');
  const hash = await requestHash({ ...body, from: sourceId });
  const { status, newId } = await run<{ status: 200 | 201; newId: string }>(
    c,
    async (tx, tenantId) => {
      const source = await lockOrder(tx, tenantId, sourceId);
      if (!source) throw notFound('Order');
      const existing = await orderWithLineage(tx, tenantId, body.id);
      if (existing) {
        if (existing.request_hash !== hash || existing.split_from !== sourceId) {
          throw conflict(
            'An order with this id exists with a different body.',
            'idempotency-mismatch',
          );
        }
        return { events: [], result: { status: 200 as const, newId: body.id } };
      }
      assertAllowed(source, 'split');
      if ((await livePaymentCount(tx, tenantId, sourceId)) > 0) {
        throw conflict(
          'An order with a payment taken or under way cannot be split; cancel or refund it first.',
          'order-split-not-allowed',
        );
      }
      const tenant = await tenantOf(tx, tenantId);
      const lines = await loadLines(tx, tenantId, [sourceId]);
      const discount =
        source.discount_kind && source.discount_value !== null
          ? { kind: source.discount_kind, value: source.discount_value }
          : null;
      const split = planSplit({
        lines,
        taxInclusive: tenant.tax_inclusive,
        discount,
        request: body.lines,
      });
      if (!split.ok) throw unprocessable('The split does not fit the order.', split.errors);
      const at = now(c);
      const created = await insertOrder(
        tx,
        {
          tenant_id: tenantId,
          id: body.id,
          type: source.type,
          table_id: source.table_id,
          source: 'pos',
          note: null,
          catalog_version: source.catalog_version,
          request_hash: hash,
          created_by: me.userId,
          tracking_token: null,
          subtotal: 0,
          tax_total: 0,
          total: 0,
        },
        tenant.timezone,
        at,
      );
      // Another source's split won this id between our look and our insert.
      if (!created) throw conflict('An order with this id already exists.', 'idempotency-mismatch');
      await markSplitFrom(tx, tenantId, body.id, sourceId);
      const { plan } = split;
      for (const [position, part] of plan.move.entries()) {
        const kept = plan.keep.find((k) => k.line_id === part.line_id)!;
        if (kept.quantity === 0) {
          await moveLine(tx, tenantId, part.line_id, body.id, position, part.tax_adjust);
        } else {
          await copyLinePart(tx, tenantId, part.line_id, {
            id: await splitLineId(body.id, part.line_id),
            order_id: body.id,
            position,
            quantity: part.quantity,
            line_total: part.line_total,
            tax_adjust: part.tax_adjust,
          });
        }
      }
      for (const k of plan.keep) if (k.quantity > 0) await resizeLine(tx, tenantId, k.line_id, k);
      await setDiscount(tx, tenantId, sourceId, plan.sourceDiscount, source.discount_reason);
      await setDiscount(tx, tenantId, body.id, plan.newDiscount, source.discount_reason);
      const a = await recompute(tx, tenantId, sourceId, tenant.tax_inclusive, at);
      const b = await recompute(tx, tenantId, body.id, tenant.tax_inclusive, at);
      if (a.total + b.total !== source.total) {
        // planSplit guarantees this (property-tested); reaching here is a bug, so nothing commits.
        throw new Error(
          `split of ${sourceId} would change the total by ${a.total + b.total - source.total}`,
        );
      }
      const events = [
        await updatedEvent(tx, tenantId, sourceId),
        await appendEvent(tx, tenantId, 'order.created', {
          order: orderView((await getOrder(tx, tenantId, body.id))!),
        }),
      ];
      events.push(...(await tableEventsFor(tx, tenantId, events)));
      return { events, result: { status: 201 as const, newId: body.id } };
    },
  );
  const sql = c.get('sql');
  const [order, from] = await Promise.all([
    getOrder(sql, me.tenantId, newId),
    getOrder(sql, me.tenantId, sourceId),
  ]);
  return c.json({ order: orderView(order!), from: orderView(from!) }, status);
});

/**
 * Merges other open tabs into this one. Replays are safe: an order already merged into this one
 * is skipped, so the same request again answers 200 with the order and changes nothing.
 */
tableService.post('/:id/merge', writers, validate('json', mergeBody), async (c) => {
  const targetId = pathId(c.req.param('id'), 'Order');
  const { order_ids } = c.req.valid('json');
  const me = c.get('principal');
  const sourceIds = [...new Set(order_ids)];
  await run(c, async (tx, tenantId) => {
    const rows = await lockOrders(tx, tenantId, [targetId, ...sourceIds]);
    const target = rows.find((o) => o.id === targetId);
    if (!target) throw notFound('Order');
    const errors = sourceIds.flatMap((sid, i) => {
      if (sid === targetId) return [{ path: `order_ids.${i}`, message: 'is the order itself' }];
      if (!rows.some((o) => o.id === sid))
        return [{ path: `order_ids.${i}`, message: 'names no order of this tenant' }];
      return [];
    });
    if (errors.length) throw unprocessable('Some orders cannot be merged.', errors);
    const sources = sourceIds.map((sid) => rows.find((o) => o.id === sid)!);
    const todo = sources.filter((o) => !(o.status === 'void' && o.merged_into === targetId));
    if (!todo.length) return { events: [], result: null };
    assertAllowed(target, 'merge');
    for (const o of todo) {
      if (o.status !== 'open') {
        throw conflict(
          `Order #${o.ticket_number} is ${o.status}; only open orders merge.`,
          'order-merge-not-allowed',
        );
      }
      if ((await livePaymentCount(tx, tenantId, o.id)) > 0) {
        throw conflict(
          `Order #${o.ticket_number} has a payment; it cannot be merged.`,
          'order-merge-not-allowed',
        );
      }
      if (o.discount_kind) {
        throw conflict(
          `Order #${o.ticket_number} has a discount; remove it or merge the other way.`,
          'order-merge-discounted',
        );
      }
    }
    const tenant = await tenantOf(tx, tenantId);
    const at = now(c);
    let position = await nextLinePosition(tx, tenantId, targetId);
    for (const o of todo) {
      // Live lines move, rows and all (every column goes with them); void ones stay as record.
      for (const l of (await loadLines(tx, tenantId, [o.id])).filter((x) => !x.voided)) {
        await moveLine(tx, tenantId, l.id, targetId, position++);
      }
      await markMerged(tx, tenantId, o.id, targetId, `merged into #${target.ticket_number}`, at);
      await recompute(tx, tenantId, o.id, tenant.tax_inclusive, at);
    }
    await recompute(tx, tenantId, targetId, tenant.tax_inclusive, at);
    await audit(tx, {
      tenantId,
      actorId: me.userId,
      action: 'order.merged',
      objectType: 'order',
      objectId: targetId,
      detail: {
        merged: todo.map((o) => ({ id: o.id, ticket_number: o.ticket_number, total: o.total })),
      },
    });
    const events: StreamEvent[] = [];
    for (const o of todo) events.push(await updatedEvent(tx, tenantId, o.id));
    events.push(await updatedEvent(tx, tenantId, targetId));
    events.push(...(await tableEventsFor(tx, tenantId, events)));
    return { events, result: null };
  });
  const order = (await getOrder(c.get('sql'), me.tenantId, targetId))!;
  return c.json(orderView(order));
});
