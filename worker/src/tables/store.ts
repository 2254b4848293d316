import type { Db } from '../db/client';
import type { Discount } from '../orders/pricing';
import type { OrderRow } from '../orders/store';
import type { FloorTableRow, HeldOrder, Layout } from './status';

export interface TableRow {
  id: string;
  name: string;
  area: string | null;
  seats: number | null;
  position: number;
  layout: Layout | null;
  qr_token: string;
  created_at: Date;
  updated_at: Date;
}

const columns = (db: Db) =>
  db`id, name, area, seats, position, layout, qr_token, created_at, updated_at`;

export async function listTables(
  db: Db,
  tenantId: string,
  limit: number,
  after?: { position: number; name: string; id: string },
): Promise<TableRow[]> {
  return db<TableRow[]>`
    select ${columns(db)} from tables
    where tenant_id = ${tenantId} and deleted_at is null
      ${after ? db`and (position, name, id) > (${after.position}, ${after.name}, ${after.id})` : db``}
    order by position, name, id limit ${limit}`;
}

export async function getTable(db: Db, tenantId: string, id: string) {
  const [row] = await db<TableRow[]>`
    select ${columns(db)} from tables
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`;
  return row;
}

/** Another live table of the tenant with this name (case-insensitive)? */
export async function nameTaken(db: Db, tenantId: string, name: string, exceptId?: string) {
  const rows = await db`
    select 1 from tables where tenant_id = ${tenantId} and lower(name) = ${name.toLowerCase()}
      and deleted_at is null ${exceptId ? db`and id <> ${exceptId}` : db``}`;
  return rows.length > 0;
}

export async function insertTable(
  db: Db,
  tenantId: string,
  t: {
    name: string;
    area: string | null;
    seats: number | null;
    position: number;
    layout: Layout | null;
    qrToken: string;
  },
): Promise<TableRow> {
  const [row] = await db<TableRow[]>`
    insert into tables (tenant_id, name, area, seats, position, layout, qr_token)
    values (${tenantId}, ${t.name}, ${t.area}, ${t.seats}, ${t.position},
            ${t.layout ? db.json(t.layout as never) : null}, ${t.qrToken})
    returning ${columns(db)}`;
  return row!;
}

export async function updateTable(
  db: Db,
  tenantId: string,
  id: string,
  patch: {
    name?: string;
    area?: string | null;
    seats?: number | null;
    position?: number;
    layout?: Layout | null;
  },
): Promise<TableRow | undefined> {
  const values = {
    ...patch,
    ...(patch.layout ? { layout: db.json(patch.layout as never) } : {}),
  };
  const [row] = await db<TableRow[]>`
    update tables set ${db(values, ...(Object.keys(values) as (keyof typeof values)[]))},
      updated_at = now()
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null
    returning ${columns(db)}`;
  return row;
}

export async function rotateQr(db: Db, tenantId: string, id: string, token: string) {
  const [row] = await db<TableRow[]>`
    update tables set qr_token = ${token}, updated_at = now()
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null
    returning ${columns(db)}`;
  return row;
}

/**
 * Soft delete (orders will name their table). The token is replaced too, so the printed code is
 * dead at once and can never match again.
 */
export async function deleteTable(db: Db, tenantId: string, id: string, tombToken: string) {
  const rows = await db`
    update tables set deleted_at = now(), updated_at = now(), qr_token = ${tombToken}
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null
    returning id`;
  return rows.length > 0;
}

/** The live table behind a QR token, with its tenant. */
export async function tableByToken(db: Db, token: string) {
  const [row] = await db<{ id: string; tenant_id: string; name: string }[]>`
    select id, tenant_id, name from tables where qr_token = ${token} and deleted_at is null`;
  return row;
}

// ─── Floor plan and table service ─────────────────────────────────────────────────────────────

/** Live tables of the tenant (all, or those named), in floor order. */
export async function floorTables(db: Db, tenantId: string, ids?: string[]) {
  return db<FloorTableRow[]>`
    select id, name, area, seats, position, layout from tables
    where tenant_id = ${tenantId} and deleted_at is null
      ${ids ? db`and id = any(${ids}::uuid[])` : db``}
    order by position, name, id`;
}

/** The orders each table holds (open or paid, not closed or void), with their lines' statuses. */
export async function heldOrders(
  db: Db,
  tenantId: string,
  tableIds?: string[],
): Promise<Map<string, HeldOrder[]>> {
  const rows = await db<(HeldOrder & { table_id: string })[]>`
    select o.table_id, o.id, o.ticket_number, o.status, o.total, o.paid_total, o.pending_total,
           o.created_at,
           coalesce(array_agg(l.status order by l.position) filter (where l.id is not null),
                    '{}') as line_statuses
    from orders o
    left join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id and not l.voided
    where o.tenant_id = ${tenantId} and o.status in ('open', 'paid') and o.table_id is not null
      ${tableIds ? db`and o.table_id = any(${tableIds}::uuid[])` : db``}
    group by o.tenant_id, o.id
    order by o.created_at, o.id`;
  const out = new Map<string, HeldOrder[]>();
  for (const { table_id, ...o } of rows) {
    const list = out.get(table_id) ?? [];
    list.push(o);
    out.set(table_id, list);
  }
  return out;
}

/** The tables of these orders (for table.updated after order changes). */
export async function tablesOfOrders(db: Db, tenantId: string, orderIds: string[]) {
  if (!orderIds.length) return [];
  const rows = await db<{ table_id: string }[]>`
    select distinct table_id from orders
    where tenant_id = ${tenantId} and id = any(${orderIds}::uuid[]) and table_id is not null`;
  return rows.map((r) => r.table_id);
}

export async function liveTableExists(db: Db, tenantId: string, id: string) {
  const rows = await db`
    select 1 from tables where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`;
  return rows.length > 0;
}

export async function setOrderTable(db: Db, tenantId: string, orderId: string, tableId: string) {
  await db`update orders set table_id = ${tableId}, updated_at = now()
           where tenant_id = ${tenantId} and id = ${orderId}`;
}

/** An order row with where it was merged into or split from (split and merge check these). */
export type MergedOrderRow = OrderRow & { merged_into: string | null; split_from: string | null };

/** The order with this id, unlocked: a split's idempotent replay looks up the id it was given. */
export async function orderWithLineage(db: Db, tenantId: string, id: string) {
  const [row] = await db<MergedOrderRow[]>`
    select * from orders where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

/** Locks orders in id order (two merges naming the same orders never deadlock). */
export async function lockOrders(
  db: Db,
  tenantId: string,
  ids: string[],
): Promise<MergedOrderRow[]> {
  return db<MergedOrderRow[]>`
    select * from orders where tenant_id = ${tenantId} and id = any(${ids}::uuid[])
    order by id for update`;
}

/** Payments that are settled or under way on an order (split and merge refuse such orders). */
export async function livePaymentCount(db: Db, tenantId: string, orderId: string) {
  const [row] = await db<{ n: number }[]>`
    select count(*)::int as n from payments
    where tenant_id = ${tenantId} and order_id = ${orderId} and status in ('pending', 'succeeded')`;
  return row!.n;
}

export async function setDiscount(
  db: Db,
  tenantId: string,
  orderId: string,
  d: Discount | null,
  reason: string | null,
) {
  await db`update orders set discount_kind = ${d?.kind ?? null}, discount_value = ${d?.value ?? null},
             discount_reason = ${d ? reason : null}
           where tenant_id = ${tenantId} and id = ${orderId}`;
}

/** Sets a line's quantity, total and tax adjustment where it stays (part of it split off). */
export async function resizeLine(
  db: Db,
  tenantId: string,
  lineId: string,
  p: { quantity: number; line_total: number; tax_adjust: number },
) {
  await db`update order_lines set quantity = ${p.quantity}, line_total = ${p.line_total},
             tax_adjust = ${p.tax_adjust}, updated_at = now()
           where tenant_id = ${tenantId} and id = ${lineId}`;
}

/**
 * Moves a whole line to another order, at `position`. The row itself moves, so every column it
 * has (seat, course, station, fired_at… whatever later migrations add) goes with it.
 */
export async function moveLine(
  db: Db,
  tenantId: string,
  lineId: string,
  toOrderId: string,
  position: number,
  taxAdjust?: number,
) {
  await db`update order_lines set order_id = ${toOrderId}, position = ${position},
             ${taxAdjust !== undefined ? db`tax_adjust = ${taxAdjust},` : db``} updated_at = now()
           where tenant_id = ${tenantId} and id = ${lineId}`;
}

/**
 * Copies part of a line onto another order under a new id: a copy of the whole row (every
 * column, including ones later migrations add) with only the id, order, position, quantity,
 * total and tax adjustment replaced.
 */
export async function copyLinePart(
  db: Db,
  tenantId: string,
  lineId: string,
  p: {
    id: string;
    order_id: string;
    position: number;
    quantity: number;
    line_total: number;
    tax_adjust: number;
  },
) {
  await db`
    insert into order_lines
    select (jsonb_populate_record(null::order_lines, to_jsonb(l) || ${db.json({
      ...p,
    } as never)}::jsonb)).*
    from order_lines l where l.tenant_id = ${tenantId} and l.id = ${lineId}`;
}

export async function nextLinePosition(db: Db, tenantId: string, orderId: string) {
  const [pos] = await db<{ next: number }[]>`
    select coalesce(max(position), -1) + 1 as next from order_lines
    where tenant_id = ${tenantId} and order_id = ${orderId}`;
  return pos!.next;
}

export async function markMerged(
  db: Db,
  tenantId: string,
  orderId: string,
  intoId: string,
  reason: string,
  at: Date,
) {
  await db`update orders set status = 'void', voided_at = ${at}, void_reason = ${reason},
             merged_into = ${intoId}
           where tenant_id = ${tenantId} and id = ${orderId}`;
}

export async function markSplitFrom(db: Db, tenantId: string, orderId: string, fromId: string) {
  await db`update orders set split_from = ${fromId} where tenant_id = ${tenantId} and id = ${orderId}`;
}

/**
 * Lines of the orders split off this one (and off those, transitively): a round replayed to the
 * source after a split finds its lines there and is skipped, never added twice.
 */
export async function linesSplitOff(db: Db, tenantId: string, orderId: string) {
  return db<{ id: string; request_hash: string }[]>`
    with recursive family(id) as (
      select id from orders where tenant_id = ${tenantId} and split_from = ${orderId}
      union
      select o.id from orders o join family f on o.split_from = f.id where o.tenant_id = ${tenantId}
    )
    select l.id, l.request_hash from order_lines l
    where l.tenant_id = ${tenantId} and l.order_id in (select id from family)`;
}

/** Where an order merged into another went: the end of the merge chain. */
export async function mergedTarget(db: Db, tenantId: string, orderId: string) {
  const [row] = await db<{ id: string }[]>`
    with recursive chain(id, merged_into, depth) as (
      select id, merged_into, 0 from orders where tenant_id = ${tenantId} and id = ${orderId}
      union all
      select o.id, o.merged_into, c.depth + 1 from orders o join chain c on o.id = c.merged_into
      where o.tenant_id = ${tenantId} and c.depth < 50
    )
    select id from chain where merged_into is null order by depth desc limit 1`;
  return row?.id;
}
