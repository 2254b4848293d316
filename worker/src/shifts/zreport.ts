/**
 * Z-report arithmetic: pure functions over integers in minor units, no I/O. store.ts loads the
 * shift's rows; these functions turn them into the figures docs/shifts-and-reports.md explains.
 *
 * Choices (written down in API docs too):
 * - expected_cash = opening float + cash sales + cash rounding + cash tips − cash refunds + movements.
 *   Cash rounding (tenant `cash_rounding`) is cash really taken into or kept out of the drawer, so it
 *   belongs in the count; it is shown apart as `cash_rounding` and is not part of sales.
 * - sales_by_method / tips_by_method: settled payments that belong to the shift.
 * - tax_summary: per rate, the settled payments of the shift spread over their order's rates (see
 *   allocatePayments), less the refunds of the shift (see allocateRefund). So the tax gross adds up
 *   to the sales by method less the refunds, even when an order was paid across two shifts (it
 *   used to count whole orders paid in the shift: half an order in sales, all of it in tax).
 * - voids / discounts: from the audit log while the shift was open, with who did them; an order
 *   discounted twice counts once, at its latest discount.
 */
import { divHalfUp, type TaxBand } from '../orders/pricing';

export type Method = 'cash' | 'card' | 'terminal';
export const METHODS: Method[] = ['cash', 'card', 'terminal'];

export interface ZPayment {
  method: Method;
  amount: number;
  tip: number;
  rounding: number;
  user_id: string | null;
  user_name: string | null;
}

export interface ZRefund {
  order_id: string;
  method: Method;
  amount: number;
  user_id: string | null;
  user_name: string | null;
}

export interface ZAuditEntry {
  at: string;
  action: 'order.voided' | 'line.voided' | 'order.discounted';
  actor_id: string | null;
  actor_name: string | null;
  order_id: string | null;
  amount: number;
  reason: string | null;
}

export interface ZInput {
  shift_id: string;
  currency: string;
  timezone: string;
  opened_at: string;
  opened_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
  opening_float: number;
  /** null while the shift is open (an X report). */
  counted_cash: number | null;
  payments: ZPayment[];
  refunds: ZRefund[];
  movements: number[];
  /**
   * Each order with a settled payment in the shift: its tax bands and all its settled payments in
   * the order they were taken, marking those that belong to this shift.
   */
  sales: {
    order_id: string;
    bands: TaxBand[];
    payments: { amount: number; in_shift: boolean }[];
  }[];
  /** Tax bands of each refunded order (refunds may concern orders paid in an earlier shift). */
  refunded_orders: Record<string, TaxBand[]>;
  audit: ZAuditEntry[];
}

export interface ByStaff {
  user_id: string | null;
  name: string;
  payments: { count: number; amount: number };
  tips: number;
  refunds: { count: number; amount: number };
}

export interface AuditSummary {
  count: number;
  amount: number;
  items: {
    at: string;
    user_id: string | null;
    name: string;
    order_id: string | null;
    amount: number;
    reason: string | null;
    kind: string;
  }[];
}

export interface ZReport {
  shift_id: string;
  kind: 'x' | 'z';
  currency: string;
  timezone: string;
  opened_at: string;
  opened_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
  opening_float: number;
  expected_cash: number;
  counted_cash: number | null;
  difference: number | null;
  sales_by_method: Record<Method, number>;
  tips_by_method: Record<Method, number>;
  cash_rounding: number;
  cash_movements: { count: number; amount: number };
  tax_summary: TaxBand[];
  refunds: { count: number; amount: number; by_method: Record<Method, number> };
  voids: AuditSummary;
  discounts: AuditSummary;
  by_staff: ByStaff[];
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const roundShare = (amount: number, part: number, whole: number) =>
  whole === 0 ? 0 : Number(divHalfUp(BigInt(amount) * BigInt(part), BigInt(whole)));

/**
 * Telescoping split: share_i = round(amount × cum_i / whole) − round(amount × cum_{i−1} / whole).
 * The shares add up to `amount` exactly when the parts add up to `whole`. The sales report does the
 * same in SQL, line by line.
 */
export function telescope(amount: number, parts: number[]): number[] {
  const whole = sum(parts);
  let cum = 0;
  let prev = 0;
  return parts.map((p) => {
    cum += p;
    const next = roundShare(amount, cum, whole);
    const share = next - prev;
    prev = next;
    return share;
  });
}

/**
 * Spreads a refund over its order's tax bands (sorted by rate): the gross by the bands' gross, the
 * tax (the order's tax × refund / order total, half-up) by the bands' tax. Returns positive bands.
 */
export function allocateRefund(amount: number, bands: TaxBand[]): TaxBand[] {
  const sorted = [...bands].sort((a, b) => a.rate_bp - b.rate_bp);
  const gross = sum(sorted.map((b) => b.gross));
  const tax = sum(sorted.map((b) => b.tax));
  const refundTax = roundShare(tax, amount, gross);
  const g = telescope(
    amount,
    sorted.map((b) => b.gross),
  );
  const t = telescope(
    refundTax,
    sorted.map((b) => b.tax),
  );
  return sorted.map((b, i) => ({
    rate_bp: b.rate_bp,
    gross: g[i]!,
    tax: t[i]!,
    net: g[i]! - t[i]!,
  }));
}

/**
 * The part of an order's tax bands its payments paid, in the order they were taken: at each running
 * total C the bands hold gross telescope(C, gross) and tax telescope(round(T × C / G), tax); a
 * payment's share is the difference across it. Shares add up to each payment's amount exactly, and
 * all of an order's payments to its bands exactly. Returns the sum over the in-shift payments.
 */
export function allocatePayments(
  bands: TaxBand[],
  payments: { amount: number; in_shift: boolean }[],
): TaxBand[] {
  const sorted = [...bands].sort((a, b) => a.rate_bp - b.rate_bp);
  const gross = sum(sorted.map((b) => b.gross));
  const tax = sum(sorted.map((b) => b.tax));
  const at = (cum: number) => ({
    gross: telescope(
      cum,
      sorted.map((b) => b.gross),
    ),
    tax: telescope(
      roundShare(tax, cum, gross),
      sorted.map((b) => b.tax),
    ),
  });
  const out = sorted.map((b) => ({ rate_bp: b.rate_bp, net: 0, tax: 0, gross: 0 }));
  let cum = 0;
  let before = at(0);
  for (const p of payments) {
    cum += p.amount;
    const after = at(cum);
    if (p.in_shift) {
      out.forEach((o, i) => {
        o.gross += after.gross[i]! - before.gross[i]!;
        o.tax += after.tax[i]! - before.tax[i]!;
        o.net = o.gross - o.tax;
      });
    }
    before = after;
  }
  return out;
}

/** Sums bands by rate; `sign` −1 subtracts. */
function addBands(into: Map<number, TaxBand>, bands: TaxBand[], sign: 1 | -1) {
  for (const b of bands) {
    const cur = into.get(b.rate_bp) ?? { rate_bp: b.rate_bp, net: 0, tax: 0, gross: 0 };
    cur.net += sign * b.net;
    cur.tax += sign * b.tax;
    cur.gross += sign * b.gross;
    into.set(b.rate_bp, cur);
  }
}

export function taxSummary(input: Pick<ZInput, 'sales' | 'refunds' | 'refunded_orders'>) {
  const bands = new Map<number, TaxBand>();
  for (const s of input.sales) addBands(bands, allocatePayments(s.bands, s.payments), 1);
  for (const r of input.refunds) {
    addBands(bands, allocateRefund(r.amount, input.refunded_orders[r.order_id] ?? []), -1);
  }
  return [...bands.values()].sort((a, b) => a.rate_bp - b.rate_bp);
}

const byMethod = <T>(
  rows: T[],
  method: (r: T) => Method,
  value: (r: T) => number,
): Record<Method, number> => ({
  cash: sum(rows.filter((r) => method(r) === 'cash').map(value)),
  card: sum(rows.filter((r) => method(r) === 'card').map(value)),
  terminal: sum(rows.filter((r) => method(r) === 'terminal').map(value)),
});

function summarise(entries: ZAuditEntry[]): AuditSummary {
  return {
    count: entries.length,
    amount: sum(entries.map((e) => e.amount)),
    items: entries.map((e) => ({
      at: e.at,
      user_id: e.actor_id,
      name: e.actor_name ?? 'Unknown',
      order_id: e.order_id,
      amount: e.amount,
      reason: e.reason,
      kind: e.action,
    })),
  };
}

/** Per member of staff who took payments or refunds in the shift (guest QR payments: no user). */
export function byStaff(payments: ZPayment[], refunds: ZRefund[]): ByStaff[] {
  const rows = new Map<string, ByStaff>();
  const row = (id: string | null, name: string | null) => {
    const key = id ?? 'guest';
    let r = rows.get(key);
    if (!r) {
      r = {
        user_id: id,
        name: name ?? (id ? 'Unknown' : 'Guest'),
        payments: { count: 0, amount: 0 },
        tips: 0,
        refunds: { count: 0, amount: 0 },
      };
      rows.set(key, r);
    }
    return r;
  };
  for (const p of payments) {
    const r = row(p.user_id, p.user_name);
    r.payments.count += 1;
    r.payments.amount += p.amount;
    r.tips += p.tip;
  }
  for (const x of refunds) {
    const r = row(x.user_id, x.user_name);
    r.refunds.count += 1;
    r.refunds.amount += x.amount;
  }
  return [...rows.values()].sort(
    (a, b) => b.payments.amount - a.payments.amount || a.name.localeCompare(b.name),
  );
}

export function zReport(input: ZInput): ZReport {
  const sales = byMethod(
    input.payments,
    (p) => p.method,
    (p) => p.amount,
  );
  const tips = byMethod(
    input.payments,
    (p) => p.method,
    (p) => p.tip,
  );
  const refunded = byMethod(
    input.refunds,
    (r) => r.method,
    (r) => r.amount,
  );
  const rounding = sum(input.payments.filter((p) => p.method === 'cash').map((p) => p.rounding));
  const movements = sum(input.movements);
  const expected =
    input.opening_float + sales.cash + rounding + tips.cash - refunded.cash + movements;
  // An order discounted twice in the shift counts once, at its latest discount.
  const latestDiscount = new Map<string, ZAuditEntry>();
  for (const e of input.audit.filter((a) => a.action === 'order.discounted')) {
    latestDiscount.set(e.order_id ?? `${latestDiscount.size}`, e);
  }
  return {
    shift_id: input.shift_id,
    kind: input.closed_at && input.counted_cash !== null ? 'z' : 'x',
    currency: input.currency,
    timezone: input.timezone,
    opened_at: input.opened_at,
    opened_by: input.opened_by,
    closed_at: input.closed_at,
    closed_by: input.closed_by,
    opening_float: input.opening_float,
    expected_cash: expected,
    counted_cash: input.counted_cash,
    difference: input.counted_cash === null ? null : input.counted_cash - expected,
    sales_by_method: sales,
    tips_by_method: tips,
    cash_rounding: rounding,
    cash_movements: { count: input.movements.length, amount: movements },
    tax_summary: taxSummary(input),
    refunds: {
      count: input.refunds.length,
      amount: refunded.cash + refunded.card + refunded.terminal,
      by_method: refunded,
    },
    voids: summarise(
      input.audit.filter((a) => a.action === 'order.voided' || a.action === 'line.voided'),
    ),
    discounts: summarise([...latestDiscount.values()]),
    by_staff: byStaff(input.payments, input.refunds),
  };
}

/**
 * A Z report frozen before a tender existed lacks its key: read it with every method present (at
 * 0), so clients can rely on `sales_by_method.terminal` and the like on old shifts too.
 */
export function withEveryMethod(z: ZReport): ZReport {
  const fill = (r: Partial<Record<Method, number>>) =>
    Object.fromEntries(METHODS.map((m) => [m, r[m] ?? 0])) as Record<Method, number>;
  return {
    ...z,
    sales_by_method: fill(z.sales_by_method),
    tips_by_method: fill(z.tips_by_method),
    refunds: { ...z.refunds, by_method: fill(z.refunds.by_method) },
  };
}
