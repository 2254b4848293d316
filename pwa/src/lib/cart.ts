import { type OrderTotals, priceOrder } from '../../../worker/src/orders/pricing';
import type { Catalog, Modifier, ModifierGroup, Product } from '../api/types';

/** One line of the cart: what the order body will carry, plus what the screen shows. */
export interface CartLine {
  id: string;
  product: Product;
  modifiers: Modifier[];
  quantity: number;
  note: string;
  /** The guest's seat at the table (null: shared or not chosen). Staff carts only. */
  seat?: number | null;
  /** The course the kitchen fires the line with. Staff carts only (guests get the default). */
  course?: number;
}

/** Courses a line can have (the server's range). */
export const COURSES = [1, 2, 3, 4, 5] as const;
/** Seats offered when the table does not say how many it has. */
export const DEFAULT_SEATS = 8;
const MAX_SEAT = 99;

/** The course a new line gets: its category's default_course, 1 when it has none. */
export function defaultCourse(product: Product, catalog: Pick<Catalog, 'categories'>): number {
  const c = catalog.categories.find((x) => x.id === product.category_id);
  return c?.default_course ?? 1;
}

/**
 * The seats the picker offers: 1 to the table's seats (a default when unknown), and always the
 * line's own seat, so a party that pulled up a chair keeps the seat it was given.
 */
export function seatChoices(tableSeats: number | null | undefined, current?: number | null) {
  const n = Math.min(MAX_SEAT, Math.max(1, tableSeats ?? DEFAULT_SEATS, current ?? 0));
  return Array.from({ length: n }, (_, i) => i + 1);
}

export type OrderType = 'dine_in' | 'takeaway';

/** The groups a product offers, in the product's order, skipping unknown ids. */
export function groupsOf(product: Product, catalog: Pick<Catalog, 'modifier_groups'>) {
  const byId = new Map(catalog.modifier_groups.map((g) => [g.id, g]));
  return product.modifier_group_ids.flatMap((id) => {
    const g = byId.get(id);
    return g ? [g] : [];
  });
}

/** What the server will refuse (422): a group with fewer than min or more than max choices. */
export function modifierProblems(groups: ModifierGroup[], chosen: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const g of groups) {
    const n = g.modifiers.filter((m) => chosen.has(m.id)).length;
    if (n < g.min) out.push(`${g.name}: choose ${g.min === g.max ? g.min : `at least ${g.min}`}`);
    else if (n > g.max) out.push(`${g.name}: choose at most ${g.max}`);
  }
  return out;
}

/** "Choose 1", "Up to 2", "1 to 3": the rule of a group in words. */
export function groupRule(g: ModifierGroup): string {
  if (g.min === g.max) return `Choose ${g.min}`;
  if (g.min === 0) return `Up to ${g.max}`;
  return `${g.min} to ${g.max}`;
}

export function taxRateBp(product: Product, type: OrderType, catalog: Catalog): number {
  const id =
    type === 'takeaway'
      ? (product.takeaway_tax_rate_id ?? product.tax_rate_id)
      : product.tax_rate_id;
  return catalog.tax_rates.find((r) => r.id === id)?.rate_bp ?? 0;
}

/** The totals the server will compute for this cart (the very same pricing module). */
export function cartTotals(lines: CartLine[], type: OrderType, catalog: Catalog): OrderTotals {
  return priceOrder({
    taxInclusive: catalog.tax_inclusive,
    lines: lines.map((l) => ({
      unit_price: l.product.price,
      modifiers: l.modifiers,
      quantity: l.quantity,
      tax_rate_bp: taxRateBp(l.product, type, catalog),
    })),
  });
}

/**
 * Whether tapping `product` again adds to line `a` rather than starting a new line: the same
 * choices, no note, and (staff carts) still the defaults, no seat and the `course` a new line gets.
 */
export function sameChoice(
  a: CartLine,
  product: Product,
  modifiers: Modifier[],
  course?: number,
): boolean {
  if (a.product.id !== product.id || a.note || a.seat) return false;
  if (course !== undefined && a.course !== undefined && a.course !== course) return false;
  const x = a.modifiers.map((m) => m.id).sort();
  const y = modifiers.map((m) => m.id).sort();
  return x.length === y.length && x.every((id, i) => id === y[i]);
}
