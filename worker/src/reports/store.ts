import type { Db, Sql } from '../db/client';

export type GroupBy = 'day' | 'hour' | 'category' | 'product' | 'method' | 'staff';

export interface SalesRow {
  key: string;
  label: string;
  orders: number;
  quantity: number;
  net: number;
  tax: number;
  gross: number;
}

export interface SalesQuery {
  tenantId: string;
  timezone: string;
  from: Date;
  to: Date;
  groupBy: GroupBy;
}

/*
 * Sales figures, computed in SQL (reports must stay fast on a year of orders).
 *
 * - A sale counts when its order was paid (orders.paid_at in [from, to)); a refund when it was made
 *   (refunds.created_at in [from, to)), as negative figures, once it succeeded (a card refund waits
 *   for Stripe's event; a failed one gave nothing back).
 * - Per order: gross = total, tax = tax_total, net = gross − tax. Per line (category, product):
 *   gross = line_total − discount (+ tax when the order was priced tax-exclusive), tax = the stored
 *   per-line tax after discount; these add up to the order's figures exactly.
 * - A refund of R on an order of total G and tax T carries tax round(T × R / G) (half-up). For
 *   category and product it is spread over the order's live lines, and for method the order's tax is
 *   spread over its payments, by the telescoping split
 *   share_i = round(A × cum_i / whole) − round(A × cum_{i−1} / whole), which adds up exactly: every
 *   group_by therefore sums to the same net, tax and gross.
 * - `orders` counts distinct paid orders in the row (refunds add none); `quantity` is items sold
 *   (for group_by=method: payments taken).
 */

const fragment = (db: Db) => db``;
type Fragment = ReturnType<typeof fragment>;

/** round(a / b) half-up for a ≥ 0, b > 0, on numeric (no int8 overflow in the products). */
const halfUp = (db: Db, a: Fragment, b: Fragment) =>
  db`floor((2 * (${a})::numeric + (${b})) / (2 * (${b})))`;

/**
 * day and hour: facts are grouped on a cheap bucket value first (a local date, or the instant the
 * local hour began), and only the few resulting rows are formatted. `hour` is each hour, not hour
 * of day; its key is the bucket's start as a UTC instant (unique even when a DST change repeats a
 * wall-clock hour), its label the tenant's wall clock.
 */
function timeBucket(db: Db, q: SalesQuery) {
  const local = db`(f.at at time zone ${q.timezone})`;
  if (q.groupBy === 'day') {
    return {
      dim: db`(${local})::date`,
      key: db`to_char(b.dim, 'YYYY-MM-DD')`,
      label: db`to_char(b.dim, 'YYYY-MM-DD')`,
    };
  }
  return {
    dim: db`(f.at - (${local} - date_trunc('hour', ${local})))`,
    key: db`to_char(b.dim at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
    label: db`to_char(date_trunc('hour', b.dim at time zone ${q.timezone}), 'YYYY-MM-DD HH24:00')`,
  };
}

const lineGross = (db: Db) =>
  db`(l.line_total - l.discount
      + case when o.total = o.subtotal - o.discount_total then 0 else l.tax end)`;

/** day, hour, staff: one fact per paid order and per refund. */
function orderFacts(db: Db, q: SalesQuery) {
  const t = q.tenantId;
  return db`
    sold as (
      select o.paid_at as at, o.created_by, o.id as order_id, 0::int8 as quantity,
             o.total as gross, o.tax_total as tax
      from orders o
      where o.tenant_id = ${t} and o.paid_at >= ${q.from} and o.paid_at < ${q.to}
      union all
      -- Items as facts of their own (no order id, no money): cheaper than a per-order sum.
      select o.paid_at, o.created_by, null, l.quantity, 0, 0
      from orders o
      join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id and not l.voided
      where o.tenant_id = ${t} and o.paid_at >= ${q.from} and o.paid_at < ${q.to}
    ),
    facts as (
      select at, created_by, order_id, quantity, gross, tax from sold
      union all
      select r.created_at, o.created_by, null, 0, -r.amount,
             -${halfUp(db, db`o.tax_total::numeric * r.amount`, db`o.total`)}
      from refunds r join orders o on o.tenant_id = r.tenant_id and o.id = r.order_id
      where r.tenant_id = ${t} and r.created_at >= ${q.from} and r.created_at < ${q.to}
        and r.status = 'succeeded'
        and o.total > 0
    )`;
}

/** category, product: one fact per live line of a paid order, and per line share of a refund. */
function lineFacts(db: Db, q: SalesQuery) {
  const t = q.tenantId;
  return db`
    back as (
      select r.id as refund_id, lg.product_id, r.amount as ra,
             ${halfUp(db, db`o.tax_total::numeric * r.amount`, db`o.total`)} as rt,
             lg.gross, lg.tax,
             sum(lg.gross) over w as cg, sum(lg.tax) over w as ct,
             sum(lg.gross) over (partition by r.id) as g_all,
             sum(lg.tax) over (partition by r.id) as t_all
      from refunds r
      join orders o on o.tenant_id = r.tenant_id and o.id = r.order_id
      join lateral (
        select l.product_id, l.position, l.id, ${lineGross(db)} as gross, l.tax
        from order_lines l
        where l.tenant_id = o.tenant_id and l.order_id = o.id and not l.voided
      ) lg on true
      where r.tenant_id = ${t} and r.created_at >= ${q.from} and r.created_at < ${q.to}
        and r.status = 'succeeded'
        and o.total > 0
      window w as (partition by r.id order by lg.position, lg.id)
    ),
    facts as (
      select l.product_id, l.order_id, l.quantity, ${lineGross(db)} as gross, l.tax
      from orders o
      join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id and not l.voided
      where o.tenant_id = ${t} and o.paid_at >= ${q.from} and o.paid_at < ${q.to}
      union all
      select product_id, null, 0,
             -(${halfUp(db, db`ra * cg`, db`g_all`)} - ${halfUp(db, db`ra * (cg - gross)`, db`g_all`)}),
             -(case when t_all = 0 then 0
                    else ${halfUp(db, db`rt * ct`, db`t_all`)} - ${halfUp(db, db`rt * (ct - tax)`, db`t_all`)} end)
      from back where g_all > 0
    )`;
}

/** method: one fact per settled payment of a paid order (the order's tax spread over them), per refund. */
function methodFacts(db: Db, q: SalesQuery) {
  const t = q.tenantId;
  return db`
    pays as (
      select p.method, p.order_id, p.amount, o.tax_total,
             sum(p.amount) over (partition by p.order_id order by p.created_at, p.id) as ca,
             sum(p.amount) over (partition by p.order_id) as whole
      from payments p
      join orders o on o.tenant_id = p.tenant_id and o.id = p.order_id
      where p.tenant_id = ${t} and p.status = 'succeeded'
        and o.paid_at >= ${q.from} and o.paid_at < ${q.to}
    ),
    facts as (
      select method, order_id, 1 as quantity, amount as gross,
             ${halfUp(db, db`tax_total::numeric * ca`, db`whole`)}
               - ${halfUp(db, db`tax_total::numeric * (ca - amount)`, db`whole`)} as tax
      from pays
      union all
      select r.method, null, 0, -r.amount,
             -${halfUp(db, db`o.tax_total::numeric * r.amount`, db`o.total`)}
      from refunds r join orders o on o.tenant_id = r.tenant_id and o.id = r.order_id
      where r.tenant_id = ${t} and r.created_at >= ${q.from} and r.created_at < ${q.to}
        and r.status = 'succeeded'
        and o.total > 0
    )`;
}

/** Row figures; `orders` counts order ids, distinct where one order has several facts. */
const sums = (db: Db, distinct: boolean) => db`
  ${distinct ? db`count(distinct f.order_id)` : db`count(f.order_id)`}::int8 as orders,
  coalesce(sum(f.quantity), 0)::int8 as quantity,
  coalesce(sum(f.gross - f.tax), 0)::int8 as net, coalesce(sum(f.tax), 0)::int8 as tax,
  coalesce(sum(f.gross), 0)::int8 as gross`;

/** One read-only transaction with room to hash and sort a year of lines in memory. */
export async function readSalesReport(sql: Sql, q: SalesQuery): Promise<SalesRow[]> {
  return sql.begin('read only', async (tx) => {
    await tx`set local work_mem = '32MB'`;
    return salesReport(tx, q);
  });
}

export async function salesReport(db: Db, q: SalesQuery): Promise<SalesRow[]> {
  const t = q.tenantId;
  switch (q.groupBy) {
    case 'day':
    case 'hour': {
      const b = timeBucket(db, q);
      return db<SalesRow[]>`
        with ${orderFacts(db, q)},
        buckets as (
          select ${b.dim} as dim, ${sums(db, false)} from facts f group by 1
        )
        select ${b.key} as key, ${b.label} as label, b.orders, b.quantity, b.net, b.tax, b.gross
        from buckets b order by b.dim`;
    }
    case 'staff':
      return db<SalesRow[]>`
        with ${orderFacts(db, q)}
        select coalesce(f.created_by::text, 'guest') as key,
               coalesce(u.name, case when f.created_by is null then 'Guest (QR)' else 'Unknown' end) as label,
               ${sums(db, false)}
        from facts f left join users u on u.tenant_id = ${t} and u.id = f.created_by
        group by 1, 2 order by gross desc, key`;
    case 'product':
      return db<SalesRow[]>`
        with ${lineFacts(db, q)}
        select f.product_id::text as key, p.name as label, ${sums(db, true)}
        from facts f join products p on p.tenant_id = ${t} and p.id = f.product_id
        group by 1, 2 order by gross desc, key`;
    case 'category':
      return db<SalesRow[]>`
        with ${lineFacts(db, q)}
        select coalesce(p.category_id::text, 'uncategorized') as key,
               coalesce(c.name, 'Uncategorized') as label, ${sums(db, true)}
        from facts f join products p on p.tenant_id = ${t} and p.id = f.product_id
        left join categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
        group by 1, 2 order by gross desc, key`;
    case 'method':
      return db<SalesRow[]>`
        with ${methodFacts(db, q)}
        select f.method as key,
               case f.method when 'cash' then 'Cash' when 'terminal' then 'Card terminal'
                             else 'Card' end as label,
               ${sums(db, true)}
        from facts f group by 1, 2 order by gross desc, key`;
  }
}
