import { randomToken } from '../common/ids';
import type { Db } from '../db/client';
import { type LiveCatalogRow, liveCatalogQuery } from './catalog-view';
import type { PricedLine } from './lines';
import { type Discount, priceOrder } from './pricing';
import type { LineStatus, OrderStatus } from './state';

export interface OrderRow {
  tenant_id: string;
  id: string;
  ticket_number: number;
  type: 'dine_in' | 'takeaway';
  table_id: string | null;
  source: 'pos' | 'qr';
  status: OrderStatus;
  note: string | null;
  catalog_version: number | null;
  discount_kind: 'percent' | 'amount' | null;
  discount_value: number | null;
  discount_reason: string | null;
  subtotal: number;
  discount_total: number;
  tax_total: number;
  total: number;
  paid_total: number;
  pending_total: number;
  receipt_number: number | null;
  tracking_token: string | null;
  request_hash: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  paid_at: Date | null;
  closed_at: Date | null;
  voided_at: Date | null;
  void_reason: string | null;
}

export interface LineRow {
  id: string;
  order_id: string;
  position: number;
  product_id: string;
  name: string;
  quantity: number;
  unit_price: number;
  modifiers: { id: string; name: string; price_delta: number }[];
  tax_rate_bp: number;
  line_total: number;
  discount: number;
  tax: number;
  tax_adjust: number;
  status: LineStatus;
  voided: boolean;
  void_reason: string | null;
  note: string | null;
  seat: number | null;
  course: number;
  station_id: string | null;
  fired_at: Date | null;
  request_hash: string;
  created_at: Date;
  updated_at: Date;
}

export interface OrderWithLines extends OrderRow {
  lines: LineRow[];
  refunded_total: number;
}

/** Receipt numbers: a counter row updated in the paying transaction, so gapless under crashes. */
export async function nextReceiptNumber(tx: Db, tenantId: string): Promise<number> {
  const [row] = await tx<{ n: number }[]>`
    insert into tenant_counters (tenant_id, receipt_seq) values (${tenantId}, 1)
    on conflict (tenant_id) do update set receipt_seq = tenant_counters.receipt_seq + 1
    returning receipt_seq as n`;
  return row!.n;
}

/** Whether the order is `open` (callers hold its row lock, so the answer stays true). */
export async function isOpen(tx: Db, tenantId: string, id: string): Promise<boolean> {
  const [o] = await tx<{ status: OrderStatus }[]>`
    select status from orders where tenant_id = ${tenantId} and id = ${id}`;
  return o?.status === 'open';
}

type NewOrderRow = Pick<
  OrderRow,
  | 'tenant_id'
  | 'id'
  | 'type'
  | 'table_id'
  | 'source'
  | 'note'
  | 'catalog_version'
  | 'request_hash'
  | 'created_by'
  | 'tracking_token'
  | 'subtotal'
  | 'tax_total'
  | 'total'
>;

type NewLine = PricedLine & { request_hash: string; tax?: number; discount?: number };

/**
 * Inserts the order with its computed totals and its lines (positions from 0), numbered with the
 * next ticket number of the tenant's local day (1, 2, 3… for pickup calls and the kitchen), in one
 * statement; the lines are read back in the same round trip (pipelined). Undefined when the id
 * exists (a concurrent twin): its lines are then not written.
 */
export async function insertOrder(
  tx: Db,
  o: NewOrderRow,
  timezone: string,
  now: Date,
  lines: NewLine[] = [],
): Promise<{ order: OrderRow; lines: LineRow[] } | undefined> {
  const records = lineRecords(o.tenant_id, o.id, lines, now, 0);
  const write = tx<OrderRow[]>`
    with ticket as (
      insert into ticket_counters (tenant_id, day, last)
      values (${o.tenant_id}, (${now}::timestamptz at time zone ${timezone})::date, 1)
      on conflict (tenant_id, day) do update set last = ticket_counters.last + 1
      returning last
    ), o as (
      insert into orders (tenant_id, id, ticket_number, type, table_id, source, status, note,
                          catalog_version, request_hash, created_by, tracking_token, subtotal,
                          tax_total, total, created_at, updated_at)
      values (${o.tenant_id}, ${o.id}, (select last from ticket), ${o.type}, ${o.table_id},
              ${o.source}, 'open', ${o.note}, ${o.catalog_version}, ${o.request_hash},
              ${o.created_by}, ${o.tracking_token}, ${o.subtotal}, ${o.tax_total}, ${o.total},
              ${now}, ${now})
      on conflict (tenant_id, id) do nothing
      returning ${orderColumns(tx)}
    )${
      records.length
        ? tx`, l as (
      insert into order_lines (${lineRecordColumns(tx)})
      select ${lineRecordColumns(tx)}
      from jsonb_populate_recordset(null::order_lines, ${tx.json(records as never)})
      where exists (select 1 from o)
    )`
        : tx``
    }
    select * from o`.execute();
  // Sent right behind the write (execute() above put the write first on the connection), so it
  // costs no round trip of its own and sees the lines just written.
  const [[row], rows] = await Promise.all([
    write,
    records.length ? loadLines(tx, o.tenant_id, [o.id]) : Promise.resolve([]),
  ]);
  return row ? { order: row, lines: rows } : undefined;
}

/** The order_lines columns a new line is written with (lineRecords), the rest defaulted. */
const lineRecordColumns = (db: Db) => db`
  tenant_id, id, order_id, position, product_id, name, quantity, unit_price, modifiers, tax_rate_bp,
  line_total, tax, discount, note, seat, course, request_hash, created_at, updated_at`;

/** A new line's values, one key per column of lineRecordColumns. */
function lineRecords(
  tenantId: string,
  orderId: string,
  lines: NewLine[],
  now: Date,
  start: number,
) {
  return lines.map((l, i) => ({
    tenant_id: tenantId,
    id: l.id,
    order_id: orderId,
    position: start + i,
    product_id: l.product_id,
    name: l.name,
    quantity: l.quantity,
    unit_price: l.unit_price,
    modifiers: l.modifiers,
    tax_rate_bp: l.tax_rate_bp,
    line_total: l.line_total,
    tax: l.tax ?? 0,
    discount: l.discount ?? 0,
    note: l.note,
    seat: l.seat,
    course: l.course,
    request_hash: l.request_hash,
    created_at: now,
    updated_at: now,
  }));
}

const lineColumns = (db: Db) => db`
  id, order_id, position, product_id, name, quantity, unit_price, modifiers, tax_rate_bp,
  line_total, discount, tax, tax_adjust, status, voided, void_reason, note, seat, course,
  station_id, fired_at,
  request_hash, created_at, updated_at`;

/**
 * Inserts priced lines after the order's last position (or from `startPosition` for a new order,
 * saving the look-up). Tax and discount default to 0 until recompute() when not given.
 */
export async function insertLines(
  tx: Db,
  tenantId: string,
  orderId: string,
  lines: NewLine[],
  now: Date,
  startPosition?: number,
): Promise<LineRow[]> {
  if (!lines.length) return [];
  let start = startPosition;
  if (start === undefined) {
    const [pos] = await tx<{ next: number }[]>`
      select coalesce(max(position), -1) + 1 as next from order_lines
      where tenant_id = ${tenantId} and order_id = ${orderId}`;
    start = pos!.next;
  }
  const rows = lineRecords(tenantId, orderId, lines, now, start).map((r) => ({
    ...r,
    modifiers: tx.json(r.modifiers as never),
  }));
  return tx<LineRow[]>`insert into order_lines ${tx(rows)} returning ${lineColumns(tx)}`;
}

const orderColumns = (db: Db) => db`
  tenant_id, id, ticket_number, type, table_id, source, status, note, catalog_version, discount_kind,
  discount_value, discount_reason, subtotal, discount_total, tax_total, total, paid_total,
  pending_total, receipt_number, tracking_token, request_hash, created_by, created_at, updated_at,
  paid_at, closed_at, voided_at, void_reason`;

export async function lockOrder(
  tx: Db,
  tenantId: string,
  id: string,
): Promise<OrderRow | undefined> {
  const [o] = await tx<OrderRow[]>`
    select ${orderColumns(tx)} from orders where tenant_id = ${tenantId} and id = ${id} for update`;
  return o;
}

export async function loadLines(db: Db, tenantId: string, orderIds: string[]): Promise<LineRow[]> {
  if (!orderIds.length) return [];
  return db<LineRow[]>`
    select ${lineColumns(db)}
    from order_lines where tenant_id = ${tenantId} and order_id = any(${orderIds}::uuid[])
    order by order_id, position`;
}

async function refundedTotals(db: Db, tenantId: string, orderIds: string[]) {
  if (!orderIds.length) return new Map<string, number>();
  const rows = await db<{ order_id: string; total: number }[]>`
    select order_id, sum(amount)::int8 as total from refunds
    where tenant_id = ${tenantId} and order_id = any(${orderIds}::uuid[]) and status <> 'failed'
    group by order_id`;
  return new Map(rows.map((r) => [r.order_id, r.total]));
}

export async function withLines(
  db: Db,
  tenantId: string,
  orders: OrderRow[],
): Promise<OrderWithLines[]> {
  const ids = orders.map((o) => o.id);
  const [lines, refunded] = await Promise.all([
    loadLines(db, tenantId, ids),
    refundedTotals(db, tenantId, ids),
  ]);
  return orders.map((o) => ({
    ...o,
    lines: lines.filter((l) => l.order_id === o.id),
    refunded_total: refunded.get(o.id) ?? 0,
  }));
}

export async function getOrder(
  db: Db,
  tenantId: string,
  id: string,
): Promise<OrderWithLines | undefined> {
  const [o] = await db<OrderRow[]>`
    select ${orderColumns(db)} from orders where tenant_id = ${tenantId} and id = ${id}`;
  if (!o) return undefined;
  return (await withLines(db, tenantId, [o]))[0];
}

export async function getOrderByTracking(
  db: Db,
  token: string,
): Promise<OrderWithLines | undefined> {
  const [o] = await db<
    OrderRow[]
  >`select ${orderColumns(db)} from orders where tracking_token = ${token}`;
  if (!o) return undefined;
  return (await withLines(db, o.tenant_id, [o]))[0];
}

/**
 * The open orders at the table with this QR code, oldest first: the guest page's "bills at this
 * table". An order the staff took (or split off) has no tracking token; it gets one here, since
 * the token is what lets a guest follow and pay it. Undefined when no live table has the code.
 */
export async function openBillsAtTable(
  db: Db,
  qrToken: string,
): Promise<OrderWithLines[] | undefined> {
  const [table] = await db<{ id: string; tenant_id: string }[]>`
    select id, tenant_id from tables where qr_token = ${qrToken} and deleted_at is null`;
  if (!table) return undefined;
  const orders = await db<OrderRow[]>`
    select ${orderColumns(db)} from orders
    where tenant_id = ${table.tenant_id} and table_id = ${table.id} and status = 'open'
    order by created_at, id limit 50`;
  for (const o of orders) {
    if (o.tracking_token) continue;
    // coalesce: two guests asking at once both get the token the first one stored.
    const [row] = await db<{ tracking_token: string }[]>`
      update orders set tracking_token = coalesce(tracking_token, ${randomToken(24)})
      where tenant_id = ${o.tenant_id} and id = ${o.id} returning tracking_token`;
    o.tracking_token = row!.tracking_token;
  }
  return withLines(db, table.tenant_id, orders);
}

export async function listOrders(
  db: Db,
  tenantId: string,
  f: {
    status?: string;
    table_id?: string;
    from?: string;
    to?: string;
    limit: number;
    after?: { at: string; id: string };
  },
): Promise<OrderWithLines[]> {
  const rows = await db<OrderRow[]>`
    select ${orderColumns(db)} from orders
    where tenant_id = ${tenantId}
      ${f.status ? db`and status = ${f.status}` : db``}
      ${f.table_id ? db`and table_id = ${f.table_id}` : db``}
      ${f.from ? db`and created_at >= ${f.from}` : db``}
      ${f.to ? db`and created_at < ${f.to}` : db``}
      ${f.after ? db`and (created_at, id) < (${f.after.at}::timestamptz, ${f.after.id}::uuid)` : db``}
    order by created_at desc, id desc limit ${f.limit}`;
  return withLines(db, tenantId, rows);
}

/**
 * Re-prices the order from its snapshotted lines, discount and payments and stores the result:
 * the stored totals are always what pricing.ts says of the rows, never patched by hand.
 */
export async function recompute(
  tx: Db,
  tenantId: string,
  orderId: string,
  taxInclusive: boolean,
  now: Date,
) {
  const [order] = await tx<Pick<OrderRow, 'discount_kind' | 'discount_value'>[]>`
    select discount_kind, discount_value from orders where tenant_id = ${tenantId} and id = ${orderId}`;
  const lines = await loadLines(tx, tenantId, [orderId]);
  const [pay] = await tx<{ paid: number; pending: number }[]>`
    select coalesce(sum(amount) filter (where status = 'succeeded'), 0)::int8 as paid,
           coalesce(sum(amount) filter (where status = 'pending'), 0)::int8 as pending
    from payments where tenant_id = ${tenantId} and order_id = ${orderId}`;
  const discount: Discount | null =
    order?.discount_kind && order.discount_value !== null
      ? { kind: order.discount_kind, value: order.discount_value }
      : null;
  const totals = priceOrder({ lines, taxInclusive, discount, paidTotal: pay!.paid });
  for (const [i, l] of lines.entries()) {
    const t = totals.lines[i]!;
    if (t.tax !== l.tax || t.discount !== l.discount) {
      await tx`update order_lines set tax = ${t.tax}, discount = ${t.discount}
               where tenant_id = ${tenantId} and id = ${l.id}`;
    }
  }
  await tx`
    update orders set subtotal = ${totals.subtotal}, discount_total = ${totals.discount_total},
      tax_total = ${totals.tax_total}, total = ${totals.total}, paid_total = ${pay!.paid},
      pending_total = ${pay!.pending}, updated_at = ${now}
    where tenant_id = ${tenantId} and id = ${orderId}`;
  return { ...totals, pending_total: pay!.pending };
}

/** What creating an order reads before it writes (orderContext). */
export interface OrderContext {
  tax_inclusive: boolean;
  timezone: string;
  /** The request hash of an order that already has this id (a replay), else null. */
  seen_hash: string | null;
  /** Whether `table_id` names a live table of the tenant (true when none was named). */
  table_live: boolean;
  catalog: LiveCatalogRow;
}

/**
 * Everything creating an order reads before writing, in one statement: the tenant's pricing and
 * day settings, whether the id was used, whether the table is live, and the live catalog of the
 * products named (none when priced at an older version). Undefined when the tenant is gone.
 */
export async function orderContext(
  db: Db,
  tenantId: string,
  orderId: string,
  tableId: string | null,
  productIds: string[],
): Promise<OrderContext | undefined> {
  // A replay needs no prices: the catalog part is skipped when the id is taken.
  const catalog = liveCatalogQuery(db, tenantId, productIds, db`not exists (select 1 from seen)`);
  const [row] = await db<OrderContext[]>`
    with seen as (select request_hash from orders where tenant_id = ${tenantId} and id = ${orderId}),
    ${catalog.ctes}
    select t.tax_inclusive, t.timezone, (select request_hash from seen) as seen_hash,
           ${
             tableId
               ? db`exists (select 1 from tables where tenant_id = t.id and id = ${tableId}
                              and deleted_at is null)`
               : db`true`
           } as table_live,
           json_build_object('products', products, 'groups', groups, 'rates', rates) as catalog
    from tenants t, (select ${catalog.columns}) c
    where t.id = ${tenantId}`;
  return row;
}
