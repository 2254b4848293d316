import type { Allergen, Label } from './allergens';
import type { MenuRow, RowError } from './menu-csv';
import { formatRate } from './menu-csv';

/**
 * What a menu import does to the catalog, decided without I/O: which rows create products, which
 * update one (matched by sku, else by name within the category), which change nothing, and which
 * are errors. The route applies the plan in one transaction, or only reports it on a dry run.
 */

export interface ExistingProduct {
  id: string;
  category_id: string | null;
  name: string;
  description: string | null;
  price: number;
  tax_rate_id: string;
  sku: string | null;
  barcode: string | null;
  available: boolean;
  allergens: Allergen[];
  labels: Label[];
  modifier_group_ids: string[];
}

export interface ImportState {
  /** In catalog order (position, name). */
  categories: { id: string; name: string }[];
  taxRates: { id: string; name: string; rate_bp: number }[];
  groups: { id: string; name: string }[];
  /** Live (not archived) products. */
  products: ExistingProduct[];
}

/** A category or tax rate that exists, or one the import creates. */
export type CategoryRef = { id: string } | { create: string } | null;
export type RateRef = { id: string } | { create: number };

export interface ProductCreate {
  row: number;
  category: CategoryRef;
  rate: RateRef;
  name: string;
  price: number;
  description: string | null;
  sku: string | null;
  barcode: string | null;
  available: boolean;
  allergens: Allergen[];
  labels: Label[];
  modifier_group_ids: string[];
}

export interface ProductUpdate {
  row: number;
  id: string;
  category?: CategoryRef;
  rate?: RateRef;
  fields: Partial<
    Pick<
      ExistingProduct,
      'name' | 'price' | 'description' | 'sku' | 'barcode' | 'available' | 'allergens' | 'labels'
    >
  >;
  modifier_group_ids?: string[];
  /** The old price, when the row changes it (price changes are audited). */
  price_from?: number;
}

export interface ImportPlan {
  errors: RowError[];
  /** Names of the categories to create, in the order the file first names them. */
  newCategories: string[];
  /** Rates (basis points) to create, in the order the file first names them. */
  newRates: number[];
  creates: ProductCreate[];
  updates: ProductUpdate[];
  unchanged: number;
}

const key = (s: string) => s.trim().toLocaleLowerCase();
const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The name a created tax rate gets ("19 %"). */
export const rateName = (bp: number) => `${formatRate(bp)} %`;

/** The most common tax rate of a category's products (ties: the first product's). */
function usualRate(products: ExistingProduct[], categoryId: string | null): string | null {
  const counts = new Map<string, number>();
  for (const p of products) {
    if (p.category_id === categoryId)
      counts.set(p.tax_rate_id, (counts.get(p.tax_rate_id) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [id, n] of counts) if (best === null || n > counts.get(best)!) best = id;
  return best;
}

export function planImport(rows: MenuRow[], state: ImportState): ImportPlan {
  const errors: RowError[] = [];
  const categoryByName = new Map<string, string>();
  for (const c of state.categories)
    if (!categoryByName.has(key(c.name))) categoryByName.set(key(c.name), c.id);
  const rateByBp = new Map<number, string>();
  for (const r of state.taxRates) if (!rateByBp.has(r.rate_bp)) rateByBp.set(r.rate_bp, r.id);
  const rateBp = new Map(state.taxRates.map((r) => [r.id, r.rate_bp]));
  const groupByName = new Map<string, string>();
  for (const g of state.groups)
    if (!groupByName.has(key(g.name))) groupByName.set(key(g.name), g.id);
  const bySku = new Map<string, ExistingProduct>();
  const byBarcode = new Map<string, ExistingProduct>();
  const byName = new Map<string, ExistingProduct>();
  for (const p of state.products) {
    if (p.sku) bySku.set(p.sku, p);
    if (p.barcode) byBarcode.set(p.barcode, p);
    const k = `${p.category_id ?? ''}|${key(p.name)}`;
    if (!byName.has(k)) byName.set(k, p);
  }

  const newCategories: string[] = [];
  const newRates: number[] = [];
  const creates: ProductCreate[] = [];
  const updates: ProductUpdate[] = [];
  let unchanged = 0;
  // Within the file: who already claimed a sku, a barcode, a product or a new name.
  const skuRow = new Map<string, number>();
  const barcodeRow = new Map<string, number>();
  const productRow = new Map<string, number>();
  const newNameRow = new Map<string, number>();
  // The rate of the first row of each category in the file: the rate its later rows default to
  // when the category has no products yet.
  const fileRates = new Map<string, RateRef[]>();

  for (const r of rows) {
    const fail = (column: string | null, message: string) =>
      errors.push({ row: r.row, column, message });
    const before = errors.length;

    let category: CategoryRef = null;
    let categoryId: string | null = null;
    if (r.category !== null) {
      const existing = categoryByName.get(key(r.category));
      if (existing) {
        category = { id: existing };
        categoryId = existing;
      } else {
        category = { create: r.category };
      }
    }

    const match =
      (r.sku ? bySku.get(r.sku) : undefined) ??
      (categoryId !== null || r.category === null
        ? byName.get(`${categoryId ?? ''}|${key(r.name)}`)
        : undefined);

    if (r.sku) {
      const other = skuRow.get(r.sku);
      if (other !== undefined) fail('sku', `sku ${r.sku} is also on row ${other}`);
      else skuRow.set(r.sku, r.row);
    }
    if (r.barcode) {
      const other = barcodeRow.get(r.barcode);
      const holder = byBarcode.get(r.barcode);
      if (other !== undefined) fail('barcode', `barcode ${r.barcode} is also on row ${other}`);
      else if (holder && holder.id !== match?.id) {
        fail('barcode', `barcode ${r.barcode} belongs to "${holder.name}"`);
      } else barcodeRow.set(r.barcode, r.row);
    }
    if (match) {
      const other = productRow.get(match.id);
      if (other !== undefined) fail(null, `row ${other} already updates "${match.name}"`);
      else productRow.set(match.id, r.row);
    } else {
      const k = `${r.category === null ? '' : key(r.category)}|${key(r.name)}`;
      const other = newNameRow.get(k);
      if (other !== undefined) fail('name', `"${r.name}" is also on row ${other}`);
      else newNameRow.set(k, r.row);
    }

    const catKey = r.category === null ? '' : key(r.category);
    const groupIds: string[] = [];
    for (const g of r.modifier_groups ?? []) {
      const id = groupByName.get(key(g));
      if (id) groupIds.push(id);
      else fail('modifier_groups', `no modifier group is called "${g}"`);
    }

    let rate: RateRef | undefined;
    if (r.rate_bp != null) {
      if (match && rateBp.get(match.tax_rate_id) === r.rate_bp) rate = { id: match.tax_rate_id };
      else {
        const id = rateByBp.get(r.rate_bp);
        rate = id ? { id } : { create: r.rate_bp };
      }
    } else if (!match) {
      const usual =
        category === null || 'id' in category ? usualRate(state.products, categoryId) : null;
      const earlier = fileRates.get(catKey)?.[0];
      if (usual) rate = { id: usual };
      else if (earlier) rate = earlier;
      else fail('rate', 'a new product in a category without products needs a rate');
    }

    if (errors.length > before) continue;
    if (rate && !fileRates.has(catKey)) fileRates.set(catKey, [rate]);
    if (
      category &&
      'create' in category &&
      !newCategories.some((n) => key(n) === key(r.category!))
    ) {
      newCategories.push(r.category!);
    }
    if (rate && 'create' in rate && !newRates.includes(rate.create)) newRates.push(rate.create);

    if (!match) {
      creates.push({
        row: r.row,
        category,
        rate: rate!,
        name: r.name,
        price: r.price,
        description: r.description ?? null,
        sku: r.sku ?? null,
        barcode: r.barcode ?? null,
        available: r.available ?? true,
        allergens: r.allergens ?? [],
        labels: r.labels ?? [],
        modifier_group_ids: groupIds,
      });
      continue;
    }

    const u: ProductUpdate = { row: r.row, id: match.id, fields: {} };
    if (match.name !== r.name) u.fields.name = r.name;
    if (match.price !== r.price) {
      u.fields.price = r.price;
      u.price_from = match.price;
    }
    const moved =
      category === null
        ? match.category_id !== null
        : 'create' in category || category.id !== match.category_id;
    if (moved) u.category = category;
    if (rate && !('id' in rate && rate.id === match.tax_rate_id)) u.rate = rate;
    for (const f of ['description', 'sku', 'barcode'] as const) {
      const v = r[f];
      if (v !== undefined && v !== match[f]) u.fields[f] = v;
    }
    if (r.available != null && r.available !== match.available) u.fields.available = r.available;
    if (r.allergens && !sameList(r.allergens, match.allergens)) u.fields.allergens = r.allergens;
    if (r.labels && !sameList(r.labels, match.labels)) u.fields.labels = r.labels;
    if (r.modifier_groups && !sameList(groupIds, match.modifier_group_ids)) {
      u.modifier_group_ids = groupIds;
    }
    const changed =
      Object.keys(u.fields).length > 0 ||
      u.category !== undefined ||
      u.rate !== undefined ||
      u.modifier_group_ids !== undefined;
    if (changed) updates.push(u);
    else unchanged++;
  }
  return { errors, newCategories, newRates, creates, updates, unchanged };
}
