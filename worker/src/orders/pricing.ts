/**
 * Order pricing: pure functions over integers in minor units. No I/O, no floats: every division
 * is done on integers (BigInt where products could pass 2^53) with explicit half-up rounding.
 * The PWA imports this module so an offline cart shows the very totals the server computes.
 */

export interface PricedModifier {
  price_delta: number;
}

export interface LineInput {
  unit_price: number;
  modifiers: PricedModifier[];
  quantity: number;
  tax_rate_bp: number;
  voided?: boolean;
  /**
   * Cents added to this line's rounded tax: set when a split moved a rounding point, so the
   * parts of a line carry exactly the tax the whole line had (never below 0, never on nothing).
   */
  tax_adjust?: number;
}

export type Discount = { kind: 'percent'; value: number } | { kind: 'amount'; value: number };

export interface LineTotals {
  /** (unit price + modifier deltas) × quantity, as priced (gross when tax-inclusive, else net). */
  line_total: number;
  /** This line's share of the order discount. */
  discount: number;
  /** Tax on the discounted line, rounded half-up. */
  tax: number;
}

export interface OrderTotals {
  subtotal: number;
  discount_total: number;
  tax_total: number;
  total: number;
  paid_total: number;
  balance: number;
  lines: LineTotals[];
  /** Net, tax and gross per rate, after discount: receipts and Z reports print this. */
  tax_breakdown: TaxBand[];
}

export interface TaxBand {
  rate_bp: number;
  net: number;
  tax: number;
  gross: number;
}

/** round(n / d) half-up for n ≥ 0, d > 0. */
export function divHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

export function lineTotal(line: Pick<LineInput, 'unit_price' | 'modifiers' | 'quantity'>): number {
  const unit = line.unit_price + line.modifiers.reduce((s, m) => s + m.price_delta, 0);
  return unit * line.quantity;
}

/** Tax contained in a gross amount (inclusive) or due on a net amount (exclusive). */
export function taxOf(amount: number, rateBp: number, taxInclusive: boolean): number {
  if (amount <= 0 || rateBp <= 0) return 0;
  const a = BigInt(amount);
  const r = BigInt(rateBp);
  return Number(taxInclusive ? divHalfUp(a * r, 10000n + r) : divHalfUp(a * r, 10000n));
}

/** The discount in minor units: a percentage of the subtotal (half-up), or an amount, capped. */
export function discountAmount(discount: Discount | null | undefined, subtotal: number): number {
  if (!discount || subtotal <= 0) return 0;
  if (discount.kind === 'percent') {
    return Math.min(subtotal, Number(divHalfUp(BigInt(subtotal) * BigInt(discount.value), 100n)));
  }
  return Math.min(subtotal, discount.value);
}

/**
 * Splits `amount` over `weights` in proportion, by largest remainder: the shares are integers that
 * add up to `amount` exactly (ties go to the earlier line, so the split is deterministic).
 */
export function allocate(amount: number, weights: number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (amount === 0 || total === 0) return weights.map(() => 0);
  const a = BigInt(amount);
  const t = BigInt(total);
  const shares = weights.map((w) => (a * BigInt(w)) / t);
  const remainders = weights.map((w, i) => ({ i, r: (a * BigInt(w)) % t }));
  let left = amount - shares.reduce((s, x) => s + Number(x), 0);
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  const out = shares.map(Number);
  for (const { i } of remainders) {
    if (left <= 0) break;
    out[i]! += 1;
    left -= 1;
  }
  return out;
}

export function priceOrder(input: {
  lines: LineInput[];
  taxInclusive: boolean;
  discount?: Discount | null;
  paidTotal?: number;
}): OrderTotals {
  const live = input.lines.map((l) => !l.voided);
  const totals = input.lines.map((l, i) => (live[i] ? lineTotal(l) : 0));
  const subtotal = totals.reduce((s, x) => s + x, 0);
  const discountTotal = discountAmount(input.discount, subtotal);
  const shares = allocate(discountTotal, totals);
  const bands = new Map<number, TaxBand>();
  const lines = input.lines.map((l, i): LineTotals => {
    const lt = totals[i]!;
    const share = shares[i]!;
    const taxable = lt - share;
    const tax = live[i]
      ? Math.max(0, taxOf(taxable, l.tax_rate_bp, input.taxInclusive) + (l.tax_adjust ?? 0))
      : 0;
    if (live[i]) {
      const band = bands.get(l.tax_rate_bp) ?? { rate_bp: l.tax_rate_bp, net: 0, tax: 0, gross: 0 };
      band.tax += tax;
      band.net += input.taxInclusive ? taxable - tax : taxable;
      band.gross += input.taxInclusive ? taxable : taxable + tax;
      bands.set(l.tax_rate_bp, band);
    }
    return { line_total: live[i] ? lt : 0, discount: share, tax };
  });
  const taxTotal = lines.reduce((s, l) => s + l.tax, 0);
  const total = subtotal - discountTotal + (input.taxInclusive ? 0 : taxTotal);
  const paid = input.paidTotal ?? 0;
  return {
    subtotal,
    discount_total: discountTotal,
    tax_total: taxTotal,
    total,
    paid_total: paid,
    balance: total - paid,
    lines,
    tax_breakdown: [...bands.values()].sort((a, b) => a.rate_bp - b.rate_bp),
  };
}

/** Rounds the cash due to the tenant's smallest coin (e.g. 5 for CHF), half-up. */
export function roundCash(amount: number, step: number): number {
  if (step <= 1) return amount;
  return Number(divHalfUp(BigInt(amount), BigInt(step))) * step;
}
