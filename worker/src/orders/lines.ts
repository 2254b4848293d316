import type { FieldError } from '../common/errors';
import { lineTotal } from './pricing';

/** The catalog as pricing needs it: live, or as it stood at an older version. */
export interface CatalogView {
  products: Map<
    string,
    {
      name: string;
      price: number;
      tax_rate_id: string;
      takeaway_tax_rate_id: string | null;
      available: boolean;
      archived: boolean;
      modifier_group_ids: string[];
      /** The course of its category (1 when it has none): a line's course unless it names one. */
      default_course: number;
    }
  >;
  groups: Map<
    string,
    {
      name: string;
      min: number;
      max: number;
      modifiers: { id: string; name: string; price_delta: number; available: boolean }[];
    }
  >;
  taxRates: Map<string, number>;
}

export interface RequestedLine {
  id: string;
  product_id: string;
  quantity: number;
  modifier_ids?: string[];
  note?: string;
  seat?: number | null;
  course?: number;
}

export interface PricedLine {
  id: string;
  product_id: string;
  name: string;
  quantity: number;
  unit_price: number;
  modifiers: { id: string; name: string; price_delta: number }[];
  tax_rate_bp: number;
  line_total: number;
  note: string | null;
  seat: number | null;
  course: number;
}

/**
 * Prices requested lines from the catalog (clients never send prices). Every problem is reported
 * with the path of the line it concerns, so the POS can point at it.
 */
export function priceLines(
  view: CatalogView,
  lines: RequestedLine[],
  orderType: 'dine_in' | 'takeaway',
  basePath = 'lines',
): { ok: true; lines: PricedLine[] } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out: PricedLine[] = [];
  lines.forEach((line, i) => {
    const path = `${basePath}.${i}`;
    const product = view.products.get(line.product_id);
    if (!product || product.archived) {
      errors.push({ path: `${path}.product_id`, message: 'names no product of this menu' });
      return;
    }
    if (!product.available) {
      errors.push({ path: `${path}.product_id`, message: `${product.name} is not available` });
      return;
    }
    const taxRateId =
      orderType === 'takeaway' && product.takeaway_tax_rate_id
        ? product.takeaway_tax_rate_id
        : product.tax_rate_id;
    const rate = view.taxRates.get(taxRateId);
    if (rate === undefined) {
      errors.push({ path: `${path}.product_id`, message: 'has no tax rate' });
      return;
    }
    const chosen = line.modifier_ids ?? [];
    if (new Set(chosen).size !== chosen.length) {
      errors.push({ path: `${path}.modifier_ids`, message: 'a modifier is chosen at most once' });
      return;
    }
    const modifiers: PricedLine['modifiers'] = [];
    const counts = new Map<string, number>();
    for (const modId of chosen) {
      let found:
        | {
            group: string;
            m: { id: string; name: string; price_delta: number; available: boolean };
          }
        | undefined;
      for (const gid of product.modifier_group_ids) {
        const m = view.groups.get(gid)?.modifiers.find((x) => x.id === modId);
        if (m) found = { group: gid, m };
      }
      if (!found) {
        errors.push({
          path: `${path}.modifier_ids`,
          message: `${modId} is not a modifier of ${product.name}`,
        });
        return;
      }
      if (!found.m.available) {
        errors.push({ path: `${path}.modifier_ids`, message: `${found.m.name} is not available` });
        return;
      }
      counts.set(found.group, (counts.get(found.group) ?? 0) + 1);
      modifiers.push({ id: found.m.id, name: found.m.name, price_delta: found.m.price_delta });
    }
    for (const gid of product.modifier_group_ids) {
      const g = view.groups.get(gid);
      if (!g) continue;
      const n = counts.get(gid) ?? 0;
      if (n < g.min || n > g.max) {
        const want = g.min === g.max ? `exactly ${g.min}` : `${g.min} to ${g.max}`;
        errors.push({ path: `${path}.modifier_ids`, message: `${g.name}: choose ${want}` });
        return;
      }
    }
    const priced = {
      id: line.id,
      product_id: line.product_id,
      name: product.name,
      quantity: line.quantity,
      unit_price: product.price,
      modifiers,
      tax_rate_bp: rate,
      note: line.note ?? null,
      seat: line.seat ?? null,
      course: line.course ?? product.default_course,
      line_total: 0,
    };
    priced.line_total = lineTotal(priced);
    if (priced.line_total < 0) {
      errors.push({
        path: `${path}.modifier_ids`,
        message: 'the line would cost less than nothing',
      });
      return;
    }
    out.push(priced);
  });
  return errors.length ? { ok: false, errors } : { ok: true, lines: out };
}
