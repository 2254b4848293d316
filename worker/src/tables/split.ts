/**
 * Split-the-bill arithmetic: pure functions over integers, no I/O. A split takes chosen
 * quantities of an order's lines into a new order so that the two orders' totals, tax included,
 * add up to the old total exactly, whatever the tax mode and discount:
 * - line totals are unit × quantity, so the parts of a line add up by themselves;
 * - the discount becomes an amount on each order, shared in proportion to their subtotals;
 * - each line's tax (as it stood) is shared between its parts in proportion to their taxable
 *   amounts, and each part keeps the difference to its own rounded tax as `tax_adjust`.
 */

import type { FieldError } from '../common/errors';
import { allocate, type Discount, type LineInput, lineTotal, priceOrder } from '../orders/pricing';

export interface SplitLine extends LineInput {
  id: string;
}

export interface SplitRequestLine {
  line_id: string;
  quantity: number;
}

export interface SplitPart {
  /** The source line this part comes from. */
  line_id: string;
  quantity: number;
  line_total: number;
  tax_adjust: number;
}

export interface SplitPlan {
  /** What stays on the source, per live line (quantity 0 when the whole line moves). */
  keep: SplitPart[];
  /** What goes to the new order, in source order. */
  move: SplitPart[];
  /** The discount each order carries afterwards (null when the source had none). */
  sourceDiscount: Discount | null;
  newDiscount: Discount | null;
}

export type SplitResult = { ok: true; plan: SplitPlan } | { ok: false; errors: FieldError[] };

/** Checks the request against the order's lines and works out both orders' parts. */
export function planSplit(input: {
  lines: SplitLine[];
  taxInclusive: boolean;
  discount: Discount | null;
  request: SplitRequestLine[];
}): SplitResult {
  const errors: FieldError[] = [];
  const wanted = new Map<string, number>();
  input.request.forEach((r, i) => {
    const line = input.lines.find((l) => l.id === r.line_id);
    if (!line || line.voided) {
      errors.push({ path: `lines.${i}.line_id`, message: 'names no live line of this order' });
      return;
    }
    if (wanted.has(r.line_id)) {
      errors.push({ path: `lines.${i}.line_id`, message: 'repeats a line' });
      return;
    }
    if (r.quantity > line.quantity) {
      errors.push({
        path: `lines.${i}.quantity`,
        message: `must be at most ${line.quantity}, the line's quantity`,
      });
      return;
    }
    wanted.set(r.line_id, r.quantity);
  });
  if (errors.length) return { ok: false, errors };
  const live = input.lines.filter((l) => !l.voided);
  const staying = live.reduce((s, l) => s + l.quantity - (wanted.get(l.id) ?? 0), 0);
  if (staying === 0) {
    return {
      ok: false,
      errors: [{ path: 'lines', message: 'leave at least one item on the order' }],
    };
  }

  const before = priceOrder({
    lines: live,
    taxInclusive: input.taxInclusive,
    discount: input.discount,
  });
  const keepLines = live.map((l) => ({ ...l, quantity: l.quantity - (wanted.get(l.id) ?? 0) }));
  const moveLines = live
    .filter((l) => wanted.has(l.id))
    .map((l) => ({ ...l, quantity: wanted.get(l.id)! }));
  const sub = (ls: SplitLine[]) => ls.reduce((s, l) => s + lineTotal(l), 0);

  let sourceDiscount: Discount | null = null;
  let newDiscount: Discount | null = null;
  if (input.discount) {
    const [a, b] = allocate(before.discount_total, [sub(keepLines), sub(moveLines)]);
    sourceDiscount = { kind: 'amount', value: a! };
    newDiscount = { kind: 'amount', value: b! };
  }

  // Each part's tax before adjustment, in the order it will belong to.
  const raw = (ls: SplitLine[], d: Discount | null) =>
    priceOrder({
      lines: ls.map((l) => ({ ...l, tax_adjust: 0 })),
      taxInclusive: input.taxInclusive,
      discount: d,
    }).lines;
  const keepRaw = raw(keepLines, sourceDiscount);
  const moveRaw = raw(moveLines, newDiscount);

  const keep: SplitPart[] = [];
  const move: SplitPart[] = [];
  live.forEach((l, i) => {
    const k = keepLines[i]!;
    const kr = keepRaw[i]!;
    const mi = moveLines.findIndex((m) => m.id === l.id);
    const m = mi >= 0 ? moveLines[mi]! : null;
    const mr = mi >= 0 ? moveRaw[mi]! : null;
    const taxable = (t: { line_total: number; discount: number }) => t.line_total - t.discount;
    // Shared by taxable amount; when rounding left both parts with nothing taxable (a discount
    // spread to the cent), by amount, then by quantity, so the line's tax is never lost.
    const kq = k.quantity > 0;
    const weights = [
      [kq ? taxable(kr) : 0, mr ? taxable(mr) : 0],
      [kq ? kr.line_total : 0, mr ? mr.line_total : 0],
      [k.quantity, m?.quantity ?? 0],
    ].find((w) => w[0]! + w[1]! > 0)!;
    const [kt, mt] = allocate(before.lines[i]!.tax, weights);
    keep.push({
      line_id: l.id,
      quantity: k.quantity,
      line_total: lineTotal(k),
      tax_adjust: kq ? kt! - kr.tax : 0,
    });
    if (m && mr) {
      move.push({
        line_id: l.id,
        quantity: m.quantity,
        line_total: lineTotal(m),
        tax_adjust: mt! - mr.tax,
      });
    }
  });
  return { ok: true, plan: { keep, move, sourceDiscount, newDiscount } };
}

/** Amounts for "split equally in N parts": integers that add up to `amount`, larger ones first. */
export function equalParts(amount: number, parts: number): number[] {
  return allocate(
    amount,
    Array.from({ length: parts }, () => 1),
  );
}
