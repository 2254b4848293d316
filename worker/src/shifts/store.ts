import type { Db } from '../db/client';
import type { TaxBand } from '../orders/pricing';
import type { Tenant } from '../tenants/store';
import type { ZAuditEntry, ZInput, ZPayment, ZRefund, ZReport } from './zreport';

export interface ShiftRow {
  tenant_id: string;
  id: string;
  opening_float: number;
  opened_by: string | null;
  opened_at: Date;
  closed_by: string | null;
  closed_at: Date | null;
  counted_cash: number | null;
  expected_cash: number | null;
  difference: number | null;
  z_report: ZReport | null;
}

export interface MovementRow {
  id: string;
  shift_id: string;
  amount: number;
  reason: string;
  created_by: string | null;
  created_at: Date;
}

const shiftCols = (db: Db) => db`
  tenant_id, id, opening_float, opened_by, opened_at, closed_by, closed_at, counted_cash,
  expected_cash, difference, z_report`;

/**
 * The tenant's open shift, share-locked: a payment or refund that records it holds the lock until
 * it commits, so closing the shift (which takes the row for update) waits and then counts it. After
 * a close committed, a waiting payment re-reads the row, no longer sees it open, and records none.
 */
export async function openShiftId(tx: Db, tenantId: string): Promise<string | null> {
  const [row] = await tx<{ id: string }[]>`
    select id from shifts where tenant_id = ${tenantId} and closed_at is null for share`;
  return row?.id ?? null;
}

/** Records the open shift (if any) on a payment or refund just written in this transaction. */
export async function assignOpenShift(
  tx: Db,
  tenantId: string,
  kind: 'payment' | 'refund',
  id: string,
): Promise<void> {
  const shiftId = await openShiftId(tx, tenantId);
  if (!shiftId) return;
  if (kind === 'payment') {
    await tx`update payments set shift_id = ${shiftId} where tenant_id = ${tenantId} and id = ${id}`;
  } else {
    await tx`update refunds set shift_id = ${shiftId} where tenant_id = ${tenantId} and id = ${id}`;
  }
}

/**
 * A card payment settles later than it was taken (the webhook), a guest's QR payment is taken with
 * no member of staff at all: either belongs to the shift open when it settled (or to none), so no
 * settled payment is missing from every Z report and none lands in a report already frozen.
 */
export async function settleIntoShift(
  tx: Db,
  tenantId: string,
  kind: 'payment' | 'refund',
  id: string,
): Promise<void> {
  const shiftId = await openShiftId(tx, tenantId);
  if (kind === 'payment') {
    await tx`update payments set shift_id = ${shiftId} where tenant_id = ${tenantId} and id = ${id}`;
  } else {
    await tx`update refunds set shift_id = ${shiftId} where tenant_id = ${tenantId} and id = ${id}`;
  }
}

/** Inserts a shift unless one is open already (the partial unique index decides). */
export async function insertShift(
  tx: Db,
  s: { tenantId: string; openingFloat: number; openedBy: string; at: Date },
): Promise<ShiftRow | undefined> {
  const [row] = await tx<ShiftRow[]>`
    insert into shifts (tenant_id, opening_float, opened_by, opened_at)
    values (${s.tenantId}, ${s.openingFloat}, ${s.openedBy}, ${s.at})
    on conflict (tenant_id) where closed_at is null do nothing
    returning ${shiftCols(tx)}`;
  return row;
}

export async function getShift(
  db: Db,
  tenantId: string,
  id: string,
  lock: '' | 'share' | 'update' = '',
): Promise<ShiftRow | undefined> {
  const [row] = await db<ShiftRow[]>`
    select ${shiftCols(db)} from shifts where tenant_id = ${tenantId} and id = ${id}
    ${lock === 'update' ? db`for update` : lock === 'share' ? db`for share` : db``}`;
  return row;
}

export async function currentShift(db: Db, tenantId: string): Promise<ShiftRow | undefined> {
  const [row] = await db<ShiftRow[]>`
    select ${shiftCols(db)} from shifts where tenant_id = ${tenantId} and closed_at is null`;
  return row;
}

export async function listShifts(
  db: Db,
  tenantId: string,
  q: { limit: number; after?: { at: string; id: string } },
): Promise<ShiftRow[]> {
  return db<ShiftRow[]>`
    select ${shiftCols(db)} from shifts where tenant_id = ${tenantId}
    ${q.after ? db`and (opened_at, id) < (${q.after.at}::timestamptz, ${q.after.id}::uuid)` : db``}
    order by opened_at desc, id desc limit ${q.limit}`;
}

export async function insertMovement(
  tx: Db,
  m: { tenantId: string; shiftId: string; amount: number; reason: string; by: string; at: Date },
): Promise<MovementRow> {
  const [row] = await tx<MovementRow[]>`
    insert into cash_movements (tenant_id, shift_id, amount, reason, created_by, created_at)
    values (${m.tenantId}, ${m.shiftId}, ${m.amount}, ${m.reason}, ${m.by}, ${m.at})
    returning id, shift_id, amount, reason, created_by, created_at`;
  return row!;
}

export async function shiftMovements(db: Db, tenantId: string, shiftId: string) {
  return db<MovementRow[]>`
    select id, shift_id, amount, reason, created_by, created_at from cash_movements
    where tenant_id = ${tenantId} and shift_id = ${shiftId} order by created_at, id`;
}

export async function closeShift(
  tx: Db,
  tenantId: string,
  id: string,
  c: { by: string; at: Date; counted: number; report: ZReport },
): Promise<ShiftRow> {
  const [row] = await tx<ShiftRow[]>`
    update shifts set closed_by = ${c.by}, closed_at = ${c.at}, counted_cash = ${c.counted},
      expected_cash = ${c.report.expected_cash}, difference = ${c.report.difference},
      z_report = ${tx.json(c.report as never)}
    where tenant_id = ${tenantId} and id = ${id} and closed_at is null
    returning ${shiftCols(tx)}`;
  return row!;
}

/**
 * Per-order tax bands from the stored per-line figures (line_total, discount, tax are exact, kept
 * by the pricing code): gross = line_total − discount (+ tax when the order was priced
 * tax-exclusive, i.e. its total is more than subtotal − discount).
 */
async function orderBands(db: Db, tenantId: string, orderIds: string[]) {
  if (!orderIds.length) return {};
  const rows = await db<{ order_id: string; rate_bp: number; gross: number; tax: number }[]>`
    select l.order_id, l.tax_rate_bp as rate_bp,
           sum(l.line_total - l.discount
               + case when o.total = o.subtotal - o.discount_total then 0 else l.tax end)::int8 as gross,
           sum(l.tax)::int8 as tax
    from orders o
    join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id and not l.voided
    where o.tenant_id = ${tenantId} and o.id = any(${orderIds}::uuid[])
    group by l.order_id, l.tax_rate_bp`;
  const out: Record<string, TaxBand[]> = {};
  for (const r of rows) {
    const bands = out[r.order_id] ?? [];
    out[r.order_id] = bands;
    bands.push({
      rate_bp: r.rate_bp,
      gross: r.gross,
      tax: r.tax,
      net: r.gross - r.tax,
    });
  }
  return out;
}

/** Everything the Z-report arithmetic needs, as it stands at `until` (now, or the close). */
export async function loadZInput(
  db: Db,
  tenant: Tenant,
  shift: ShiftRow,
  until: Date,
  close?: { by: string; counted: number },
): Promise<ZInput> {
  const t = tenant.id;
  const [payments, refunds, movements, orderPays, audit] = await Promise.all([
    db<ZPayment[]>`
      select p.method, p.amount, p.tip, p.rounding, p.created_by as user_id, u.name as user_name
      from payments p left join users u on u.tenant_id = p.tenant_id and u.id = p.created_by
      where p.tenant_id = ${t} and p.shift_id = ${shift.id} and p.status = 'succeeded'
      order by p.created_at, p.id`,
    db<ZRefund[]>`
      select r.order_id, r.method, r.amount, r.created_by as user_id, u.name as user_name
      from refunds r left join users u on u.tenant_id = r.tenant_id and u.id = r.created_by
      where r.tenant_id = ${t} and r.shift_id = ${shift.id} and r.status = 'succeeded'
      order by r.created_at, r.id`,
    db<{ amount: number }[]>`
      select amount from cash_movements where tenant_id = ${t} and shift_id = ${shift.id}
      order by created_at, id`,
    // Every settled payment of each order that has one in this shift, in the order taken.
    db<{ order_id: string; amount: number; in_shift: boolean }[]>`
      select p.order_id, p.amount, coalesce(p.shift_id = ${shift.id}, false) as in_shift
      from payments p
      where p.tenant_id = ${t} and p.status = 'succeeded'
        and p.order_id in (select order_id from payments
                           where tenant_id = ${t} and shift_id = ${shift.id} and status = 'succeeded')
      order by p.order_id, p.created_at, p.id`,
    db<(Omit<ZAuditEntry, 'at' | 'amount'> & { at: Date; amount: string | null })[]>`
      select a.at, a.action, a.actor_id, u.name as actor_name, a.object_id as order_id,
             a.detail->>'amount' as amount, a.detail->>'reason' as reason
      from audit_log a left join users u on u.tenant_id = a.tenant_id and u.id = a.actor_id
      where a.tenant_id = ${t} and a.at >= ${shift.opened_at} and a.at <= ${until}
        and a.action in ('order.voided', 'line.voided', 'order.discounted')
      order by a.at, a.id`,
  ]);
  const soldIds = [...new Set(orderPays.map((p) => p.order_id))];
  const refundedIds = [...new Set(refunds.map((r) => r.order_id))];
  const [sold, refunded] = await Promise.all([
    orderBands(db, t, soldIds),
    orderBands(db, t, refundedIds),
  ]);
  return {
    shift_id: shift.id,
    currency: tenant.currency,
    timezone: tenant.timezone,
    opened_at: shift.opened_at.toISOString(),
    opened_by: shift.opened_by,
    closed_at: close ? until.toISOString() : null,
    closed_by: close?.by ?? null,
    opening_float: shift.opening_float,
    counted_cash: close?.counted ?? null,
    payments: [...payments],
    refunds: [...refunds],
    movements: movements.map((m) => m.amount),
    sales: soldIds.map((order_id) => ({
      order_id,
      bands: sold[order_id] ?? [],
      payments: orderPays
        .filter((p) => p.order_id === order_id)
        .map((p) => ({ amount: p.amount, in_shift: p.in_shift })),
    })),
    refunded_orders: refunded,
    audit: audit.map((a) => ({ ...a, at: a.at.toISOString(), amount: Number(a.amount ?? 0) })),
  };
}
