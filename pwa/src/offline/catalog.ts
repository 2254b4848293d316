import type { Catalog, CatalogDelta } from '../api/types';

type Keyed = { id: string };

function upsert<T extends Keyed>(list: T[], changed: T[], removed: Set<string>): T[] {
  const byId = new Map(list.map((x) => [x.id, x]));
  for (const c of changed) byId.set(c.id, c);
  for (const id of removed) byId.delete(id);
  return [...byId.values()].sort(
    (a, b) =>
      ((a as { position?: number }).position ?? 0) - ((b as { position?: number }).position ?? 0) ||
      String((a as { name?: string }).name).localeCompare(String((b as { name?: string }).name)),
  );
}

/**
 * Applies a `GET /catalog?since=` answer to the cached catalog: a full one replaces it, a delta
 * upserts what changed and drops the tombstones. Pure, so the cache logic is tested directly.
 */
export function applyCatalogDelta(cached: Catalog | undefined, delta: CatalogDelta): Catalog {
  const { full, deleted, ...rest } = delta;
  if (!cached || full) return rest;
  const gone = (type: string) =>
    new Set((deleted ?? []).filter((d) => d.type === type).map((d) => d.id));
  return {
    version: delta.version,
    currency: delta.currency,
    tax_inclusive: delta.tax_inclusive,
    categories: upsert(cached.categories, delta.categories, gone('category')),
    products: upsert(cached.products, delta.products, gone('product')),
    modifier_groups: upsert(cached.modifier_groups, delta.modifier_groups, gone('modifier_group')),
    tax_rates: upsert(cached.tax_rates, delta.tax_rates, gone('tax_rate')),
  };
}
