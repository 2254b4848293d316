import type { CategoryRow, ModifierGroupRow, ProductRow, TaxRateRow } from './store';

/** API shapes of catalog objects (responses.ts has their zod shapes). Pure: rows in, JSON-ready objects out. */

export const imageUrl = (publicUrl: string, key: string | null) =>
  key ? `${publicUrl.replace(/\/+$/, '')}/api/v1/images/${key}` : null;

export const categoryView = (r: CategoryRow) => ({
  id: r.id,
  name: r.name,
  position: r.position,
  default_course: r.default_course,
  updated_at: r.updated_at,
});

export const taxRateView = (r: TaxRateRow) => ({
  id: r.id,
  name: r.name,
  rate_bp: r.rate_bp,
  position: r.position,
  updated_at: r.updated_at,
});

export const productView = (r: ProductRow, publicUrl: string) => ({
  id: r.id,
  category_id: r.category_id,
  name: r.name,
  description: r.description,
  price: r.price,
  tax_rate_id: r.tax_rate_id,
  takeaway_tax_rate_id: r.takeaway_tax_rate_id,
  sku: r.sku,
  barcode: r.barcode,
  available: r.available,
  position: r.position,
  modifier_group_ids: r.modifier_group_ids,
  allergens: r.allergens,
  labels: r.labels,
  image_url: imageUrl(publicUrl, r.image_key),
  thumbnail_url: imageUrl(publicUrl, r.thumb_key),
  updated_at: r.updated_at,
  archived_at: r.archived_at,
});
export type ProductView = ReturnType<typeof productView>;

export const modifierGroupView = (r: ModifierGroupRow) => ({
  id: r.id,
  name: r.name,
  min: r.min,
  max: r.max,
  position: r.position,
  modifiers: r.modifiers.map((m) => ({
    id: m.id,
    name: m.name,
    price_delta: m.price_delta,
    available: m.available,
  })),
  updated_at: r.updated_at,
});

export interface CatalogRows {
  categories: CategoryRow[];
  tax_rates: TaxRateRow[];
  products: ProductRow[];
  modifier_groups: ModifierGroupRow[];
}

export type CatalogType = 'category' | 'tax_rate' | 'product' | 'modifier_group';
export interface Tombstone {
  type: CatalogType;
  id: string;
}

export function catalogView(
  head: { version: number; currency: string; tax_inclusive: boolean },
  rows: CatalogRows,
  publicUrl: string,
  extra: { full: boolean; deleted: Tombstone[] },
) {
  return {
    version: head.version,
    currency: head.currency,
    tax_inclusive: head.tax_inclusive,
    full: extra.full,
    categories: rows.categories.map(categoryView),
    products: rows.products.map((p) => productView(p, publicUrl)),
    modifier_groups: rows.modifier_groups.map(modifierGroupView),
    tax_rates: rows.tax_rates.map(taxRateView),
    deleted: extra.deleted,
  };
}

/**
 * The guest menu behind a table's QR code: available products only, and none of the fields staff
 * use internally (sku, barcode, availability flags, positions, timestamps). Lists keep catalog order.
 */
export function publicMenuView(
  head: { version: number; currency: string; tax_inclusive: boolean },
  rows: CatalogRows,
  publicUrl: string,
) {
  const products = rows.products.filter((p) => p.available && p.archived_at === null);
  const usedCategories = new Set(products.map((p) => p.category_id));
  const usedGroups = new Set(products.flatMap((p) => p.modifier_group_ids));
  const usedRates = new Set(
    products.flatMap((p) => [p.tax_rate_id, p.takeaway_tax_rate_id ?? p.tax_rate_id]),
  );
  return {
    version: head.version,
    currency: head.currency,
    tax_inclusive: head.tax_inclusive,
    categories: rows.categories
      .filter((c) => usedCategories.has(c.id))
      .map((c) => ({ id: c.id, name: c.name })),
    products: products.map((p) => ({
      id: p.id,
      category_id: p.category_id,
      name: p.name,
      description: p.description,
      price: p.price,
      tax_rate_id: p.tax_rate_id,
      takeaway_tax_rate_id: p.takeaway_tax_rate_id,
      modifier_group_ids: p.modifier_group_ids,
      allergens: p.allergens,
      labels: p.labels,
      image_url: imageUrl(publicUrl, p.image_key),
      thumbnail_url: imageUrl(publicUrl, p.thumb_key),
    })),
    modifier_groups: rows.modifier_groups
      .filter((g) => usedGroups.has(g.id))
      .map((g) => ({
        id: g.id,
        name: g.name,
        min: g.min,
        max: g.max,
        modifiers: g.modifiers
          .filter((m) => m.available)
          .map((m) => ({ id: m.id, name: m.name, price_delta: m.price_delta })),
      })),
    tax_rates: rows.tax_rates
      .filter((t) => usedRates.has(t.id))
      .map((t) => ({ id: t.id, name: t.name, rate_bp: t.rate_bp })),
  };
}
