import type { Db } from '../db/client';
import type { ExportProduct } from './menu-csv';
import type { ExistingProduct, ImportState } from './menu-import';
import type { Allergen, CatalogCursor, Label } from './schemas';
import type { CatalogRows, CatalogType, Tombstone } from './views';

/**
 * SQL of the catalog. Every statement carries the tenant id. Writes take the catalog version from
 * bumpVersion(), called first in their transaction: its row lock serialises a tenant's catalog
 * writes, so reference checks inside the transaction cannot race a concurrent delete.
 */

export interface CategoryRow {
  id: string;
  name: string;
  position: number;
  default_course: number;
  updated_at: Date;
}

const categoryColumns = (db: Db) => db`id, name, position, default_course, updated_at`;
export interface TaxRateRow {
  id: string;
  name: string;
  rate_bp: number;
  position: number;
  updated_at: Date;
}
export interface ProductRow {
  id: string;
  category_id: string | null;
  name: string;
  description: string | null;
  price: number;
  tax_rate_id: string;
  takeaway_tax_rate_id: string | null;
  sku: string | null;
  barcode: string | null;
  available: boolean;
  position: number;
  image_key: string | null;
  thumb_key: string | null;
  modifier_group_ids: string[];
  allergens: Allergen[];
  labels: Label[];
  updated_at: Date;
  archived_at: Date | null;
}
export interface ModifierGroupRow {
  id: string;
  name: string;
  min: number;
  max: number;
  position: number;
  modifiers: {
    id: string;
    name: string;
    price_delta: number;
    available: boolean;
    position: number;
  }[];
  updated_at: Date;
}

export interface CatalogHead {
  version: number;
  floor: number;
  name: string;
  currency: string;
  tax_inclusive: boolean;
  qr_ordering: boolean;
}

/** Increments the tenant's catalog version (first statement of every catalog write). */
export async function bumpVersion(tx: Db, tenantId: string): Promise<number> {
  const [row] = await tx<{ version: number }[]>`
    insert into catalog_state (tenant_id, version) values (${tenantId}, 1)
    on conflict (tenant_id) do update set version = catalog_state.version + 1
    returning version`;
  return row!.version;
}

export async function catalogHead(db: Db, tenantId: string): Promise<CatalogHead | undefined> {
  const [row] = await db<CatalogHead[]>`
    select coalesce(s.version, 0) as version, coalesce(s.log_floor, 0) as floor, t.name,
           trim(t.currency) as currency, t.tax_inclusive, t.qr_ordering
    from tenants t left join catalog_state s on s.tenant_id = t.id
    where t.id = ${tenantId}`;
  return row;
}

const after = (db: Db, a: CatalogCursor | undefined, prefix: string) =>
  a
    ? db`and (${db(`${prefix}.position`)}, ${db(`${prefix}.name`)}, ${db(`${prefix}.id`)})
           > (${a.position}, ${a.name}, ${a.id})`
    : db``;

/** Ids among `ids` that name no object of the tenant in `table` (unknown and foreign alike). */
export async function missingIds(
  db: Db,
  tenantId: string,
  table: 'categories' | 'tax_rates' | 'modifier_groups',
  ids: string[],
): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const rows = await db<{ id: string }[]>`
    select id from ${db(table)} where tenant_id = ${tenantId} and id in ${db(unique)}`;
  const found = new Set(rows.map((r) => r.id));
  return unique.filter((id) => !found.has(id));
}

async function tombstone(tx: Db, tenantId: string, type: CatalogType, id: string, v: number) {
  await tx`
    insert into catalog_tombstones (tenant_id, type, id, version)
    values (${tenantId}, ${type}, ${id}, ${v})
    on conflict (tenant_id, type, id) do update set version = excluded.version, at = now()`;
}

/**
 * Forgets tombstones older than `before` and raises the log floor past them: a client whose
 * `since` is older than the floor gets the full catalog instead of a delta that would miss them.
 */
export async function pruneTombstones(tx: Db, tenantId: string, before: Date): Promise<void> {
  const [row] = await tx<{ v: number | null }[]>`
    with gone as (
      delete from catalog_tombstones where tenant_id = ${tenantId} and at < ${before}
      returning version
    )
    select max(version) as v from gone`;
  if (row?.v != null) {
    await tx`update catalog_state set log_floor = greatest(log_floor, ${row.v})
             where tenant_id = ${tenantId}`;
  }
}

// ─── categories ────────────────────────────────────────────────────────────────────────────────

export async function listCategories(
  db: Db,
  tenantId: string,
  limit: number,
  cursor?: CatalogCursor,
): Promise<CategoryRow[]> {
  return db<CategoryRow[]>`
    select ${categoryColumns(db)} from categories c
    where c.tenant_id = ${tenantId} ${after(db, cursor, 'c')}
    order by c.position, c.name, c.id limit ${limit}`;
}

export async function getCategory(db: Db, tenantId: string, id: string) {
  const [row] = await db<CategoryRow[]>`
    select ${categoryColumns(db)} from categories
    where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

export async function insertCategory(
  tx: Db,
  tenantId: string,
  version: number,
  c: { name: string; position: number; default_course?: number },
): Promise<CategoryRow> {
  const [row] = await tx<CategoryRow[]>`
    insert into categories (tenant_id, name, position, default_course, version)
    values (${tenantId}, ${c.name}, ${c.position}, ${c.default_course ?? 1}, ${version})
    returning ${categoryColumns(tx)}`;
  return row!;
}

export async function updateCategory(
  tx: Db,
  tenantId: string,
  id: string,
  version: number,
  patch: { name?: string; position?: number; default_course?: number },
): Promise<CategoryRow | undefined> {
  const [row] = await tx<CategoryRow[]>`
    update categories set ${tx(patch, ...(Object.keys(patch) as (keyof typeof patch)[]))},
      version = ${version}, updated_at = now()
    where tenant_id = ${tenantId} and id = ${id}
    returning ${categoryColumns(tx)}`;
  return row;
}

/** 'in-use' while a live product is in the category; archived products just lose it. */
export async function deleteCategory(
  tx: Db,
  tenantId: string,
  id: string,
  version: number,
): Promise<'deleted' | 'missing' | 'in-use'> {
  if (!(await getCategory(tx, tenantId, id))) return 'missing';
  const [use] = await tx<{ n: number }[]>`
    select count(*)::int as n from products
    where tenant_id = ${tenantId} and category_id = ${id} and archived_at is null`;
  if (use!.n > 0) return 'in-use';
  await tx`update products set category_id = null
           where tenant_id = ${tenantId} and category_id = ${id}`;
  await tx`delete from categories where tenant_id = ${tenantId} and id = ${id}`;
  await tombstone(tx, tenantId, 'category', id, version);
  return 'deleted';
}

// ─── tax rates ─────────────────────────────────────────────────────────────────────────────────

export async function listTaxRates(
  db: Db,
  tenantId: string,
  limit: number,
  cursor?: CatalogCursor,
): Promise<TaxRateRow[]> {
  return db<TaxRateRow[]>`
    select t.id, t.name, t.rate_bp, t.position, t.updated_at from tax_rates t
    where t.tenant_id = ${tenantId} ${after(db, cursor, 't')}
    order by t.position, t.name, t.id limit ${limit}`;
}

export async function getTaxRate(db: Db, tenantId: string, id: string) {
  const [row] = await db<TaxRateRow[]>`
    select id, name, rate_bp, position, updated_at from tax_rates
    where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

export async function insertTaxRate(
  tx: Db,
  tenantId: string,
  version: number,
  t: { name: string; rate_bp: number; position: number },
): Promise<TaxRateRow> {
  const [row] = await tx<TaxRateRow[]>`
    insert into tax_rates (tenant_id, name, rate_bp, position, version)
    values (${tenantId}, ${t.name}, ${t.rate_bp}, ${t.position}, ${version})
    returning id, name, rate_bp, position, updated_at`;
  return row!;
}

export async function updateTaxRate(
  tx: Db,
  tenantId: string,
  id: string,
  version: number,
  patch: { name?: string; rate_bp?: number; position?: number },
): Promise<TaxRateRow | undefined> {
  const [row] = await tx<TaxRateRow[]>`
    update tax_rates set ${tx(patch, ...(Object.keys(patch) as (keyof typeof patch)[]))},
      version = ${version}, updated_at = now()
    where tenant_id = ${tenantId} and id = ${id}
    returning id, name, rate_bp, position, updated_at`;
  return row;
}

/** A rate any product names (archived ones included: they keep their rate) is 'in-use'. */
export async function deleteTaxRate(
  tx: Db,
  tenantId: string,
  id: string,
  version: number,
): Promise<'deleted' | 'missing' | 'in-use'> {
  if (!(await getTaxRate(tx, tenantId, id))) return 'missing';
  const [use] = await tx<{ n: number }[]>`
    select count(*)::int as n from products
    where tenant_id = ${tenantId} and (tax_rate_id = ${id} or takeaway_tax_rate_id = ${id})`;
  if (use!.n > 0) return 'in-use';
  await tx`delete from tax_rates where tenant_id = ${tenantId} and id = ${id}`;
  await tombstone(tx, tenantId, 'tax_rate', id, version);
  return 'deleted';
}

// ─── products ──────────────────────────────────────────────────────────────────────────────────

const productColumns = (db: Db) => db`
  p.id, p.category_id, p.name, p.description, p.price, p.tax_rate_id, p.takeaway_tax_rate_id,
  p.sku, p.barcode, p.available, p.position, p.image_key, p.thumb_key, p.updated_at, p.archived_at,
  to_json(p.allergens) as allergens, to_json(p.labels) as labels,
  coalesce((select json_agg(l.group_id order by l.position, l.group_id)
            from product_modifier_groups l
            where l.tenant_id = p.tenant_id and l.product_id = p.id), '[]'::json)
    as modifier_group_ids`;

export async function listProducts(
  db: Db,
  tenantId: string,
  limit: number,
  filter: { barcode?: string; categoryId?: string; archived?: boolean },
  cursor?: CatalogCursor,
): Promise<ProductRow[]> {
  return db<ProductRow[]>`
    select ${productColumns(db)} from products p
    where p.tenant_id = ${tenantId}
      and ${filter.archived ? db`p.archived_at is not null` : db`p.archived_at is null`}
      ${filter.barcode !== undefined ? db`and p.barcode = ${filter.barcode}` : db``}
      ${filter.categoryId !== undefined ? db`and p.category_id = ${filter.categoryId}` : db``}
      ${after(db, cursor, 'p')}
    order by p.position, p.name, p.id limit ${limit}`;
}

/** Archived products too: they stay readable by id. */
export async function getProduct(
  db: Db,
  tenantId: string,
  id: string,
): Promise<ProductRow | undefined> {
  const [row] = await db<ProductRow[]>`
    select ${productColumns(db)} from products p where p.tenant_id = ${tenantId} and p.id = ${id}`;
  return row;
}

/** The writable columns of a product (the row minus ids, images, links and timestamps). */
export type ProductFields = Pick<
  ProductRow,
  | 'category_id'
  | 'name'
  | 'description'
  | 'price'
  | 'tax_rate_id'
  | 'takeaway_tax_rate_id'
  | 'sku'
  | 'barcode'
  | 'available'
  | 'position'
  | 'allergens'
  | 'labels'
>;

/** The new id, or which code a live product of the tenant already holds. */
export async function insertProduct(
  tx: Db,
  tenantId: string,
  version: number,
  p: ProductFields,
): Promise<string | 'sku-taken' | 'barcode-taken'> {
  const taken = await codeTaken(tx, tenantId, p.sku, p.barcode);
  if (taken) return taken;
  const [row] = await tx<{ id: string }[]>`
    insert into products (tenant_id, category_id, name, description, price, tax_rate_id,
      takeaway_tax_rate_id, sku, barcode, available, position, allergens, labels, version)
    values (${tenantId}, ${p.category_id}, ${p.name}, ${p.description}, ${p.price},
      ${p.tax_rate_id}, ${p.takeaway_tax_rate_id}, ${p.sku}, ${p.barcode}, ${p.available},
      ${p.position}, ${p.allergens}::text[], ${p.labels}::text[], ${version})
    returning id`;
  return row!.id;
}

/** Catalog writes are serialised per tenant (bumpVersion), so this check cannot race. */
export async function codeTaken(
  tx: Db,
  tenantId: string,
  sku: string | null | undefined,
  barcode: string | null | undefined,
  exceptId?: string,
): Promise<'sku-taken' | 'barcode-taken' | null> {
  const except = exceptId ? tx`and id <> ${exceptId}` : tx``;
  if (sku) {
    const rows = await tx`select 1 from products where tenant_id = ${tenantId}
      and sku = ${sku} and archived_at is null ${except}`;
    if (rows.length) return 'sku-taken';
  }
  if (barcode) {
    const rows = await tx`select 1 from products where tenant_id = ${tenantId}
      and barcode = ${barcode} and archived_at is null ${except}`;
    if (rows.length) return 'barcode-taken';
  }
  return null;
}

export async function updateProduct(
  tx: Db,
  tenantId: string,
  id: string,
  version: number,
  patch: Partial<ProductFields> & { image_key?: string | null; thumb_key?: string | null },
): Promise<void> {
  // Arrays get explicit casts: a dynamic column list cannot type an empty array.
  const { allergens, labels, ...scalars } = patch;
  const row = { ...scalars, version };
  await tx`
    update products set ${tx(row, ...(Object.keys(row) as (keyof typeof row)[]))}, updated_at = now()
      ${allergens !== undefined ? tx`, allergens = ${allergens}::text[]` : tx``}
      ${labels !== undefined ? tx`, labels = ${labels}::text[]` : tx``}
    where tenant_id = ${tenantId} and id = ${id}`;
}

export async function setProductGroups(
  tx: Db,
  tenantId: string,
  productId: string,
  groupIds: string[],
): Promise<void> {
  await tx`delete from product_modifier_groups
           where tenant_id = ${tenantId} and product_id = ${productId}`;
  if (!groupIds.length) return;
  const rows = groupIds.map((groupId, position) => ({
    tenant_id: tenantId,
    product_id: productId,
    group_id: groupId,
    position,
  }));
  await tx`insert into product_modifier_groups ${tx(rows)}`;
}

/** DELETE /products/{id}: always an archive (orders keep their product), and sku/barcode free up. */
export async function archiveProduct(
  tx: Db,
  tenantId: string,
  id: string,
  version: number,
): Promise<void> {
  await tx`update products set archived_at = now(), version = ${version}, updated_at = now()
           where tenant_id = ${tenantId} and id = ${id} and archived_at is null`;
}

/** Brings an archived product back; its sku or barcode may have been taken meanwhile. */
export async function restoreProduct(
  tx: Db,
  tenantId: string,
  id: string,
  version: number,
): Promise<'restored' | 'missing' | 'sku-taken' | 'barcode-taken'> {
  const p = await getProduct(tx, tenantId, id);
  if (!p) return 'missing';
  if (!p.archived_at) return 'restored';
  const taken = await codeTaken(tx, tenantId, p.sku, p.barcode, id);
  if (taken) return taken;
  await tx`update products set archived_at = null, version = ${version}, updated_at = now()
           where tenant_id = ${tenantId} and id = ${id}`;
  return 'restored';
}

// ─── modifier groups ───────────────────────────────────────────────────────────────────────────

const groupColumns = (db: Db) => db`
  g.id, g.name, g.min, g.max, g.position, g.updated_at,
  coalesce((select json_agg(json_build_object('id', m.id, 'name', m.name,
                 'price_delta', m.price_delta, 'available', m.available, 'position', m.position)
               order by m.position, m.id)
            from modifiers m
            where m.tenant_id = g.tenant_id and m.group_id = g.id and m.archived_at is null),
           '[]'::json) as modifiers`;

export async function listModifierGroups(
  db: Db,
  tenantId: string,
  limit: number,
  cursor?: CatalogCursor,
): Promise<ModifierGroupRow[]> {
  return db<ModifierGroupRow[]>`
    select ${groupColumns(db)} from modifier_groups g
    where g.tenant_id = ${tenantId} ${after(db, cursor, 'g')}
    order by g.position, g.name, g.id limit ${limit}`;
}

export async function getModifierGroup(
  db: Db,
  tenantId: string,
  id: string,
): Promise<ModifierGroupRow | undefined> {
  const [row] = await db<ModifierGroupRow[]>`
    select ${groupColumns(db)} from modifier_groups g
    where g.tenant_id = ${tenantId} and g.id = ${id}`;
  return row;
}

export async function insertModifierGroup(
  tx: Db,
  tenantId: string,
  version: number,
  g: { name: string; min: number; max: number; position: number },
): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    insert into modifier_groups (tenant_id, name, min, max, position, version)
    values (${tenantId}, ${g.name}, ${g.min}, ${g.max}, ${g.position}, ${version})
    returning id`;
  return row!.id;
}

export async function updateModifierGroup(
  tx: Db,
  tenantId: string,
  id: string,
  version: number,
  patch: { name?: string; min?: number; max?: number; position?: number },
): Promise<void> {
  const row = { ...patch, version };
  await tx`
    update modifier_groups set ${tx(row, ...(Object.keys(row) as (keyof typeof row)[]))},
      updated_at = now()
    where tenant_id = ${tenantId} and id = ${id}`;
}

export async function insertModifiers(
  tx: Db,
  tenantId: string,
  groupId: string,
  ms: { name: string; price_delta: number; available: boolean; position: number }[],
): Promise<void> {
  if (!ms.length) return;
  const rows = ms.map((m) => ({ tenant_id: tenantId, group_id: groupId, ...m }));
  await tx`insert into modifiers ${tx(rows, 'tenant_id', 'group_id', 'name', 'price_delta', 'available', 'position')}`;
}

export async function updateModifier(
  tx: Db,
  tenantId: string,
  groupId: string,
  m: { id: string; name: string; price_delta: number; available: boolean; position: number },
): Promise<void> {
  await tx`
    update modifiers set name = ${m.name}, price_delta = ${m.price_delta},
      available = ${m.available}, position = ${m.position}
    where tenant_id = ${tenantId} and group_id = ${groupId} and id = ${m.id}`;
}

export async function archiveModifiers(
  tx: Db,
  tenantId: string,
  groupId: string,
  ids: string[],
): Promise<void> {
  if (!ids.length) return;
  await tx`update modifiers set archived_at = now()
           where tenant_id = ${tenantId} and group_id = ${groupId} and id in ${tx(ids)}`;
}

/** 'in-use' while a live product offers the group; archived products just lose the link. */
export async function deleteModifierGroup(
  tx: Db,
  tenantId: string,
  id: string,
  version: number,
): Promise<'deleted' | 'missing' | 'in-use'> {
  const [group] = await tx`select id from modifier_groups
                           where tenant_id = ${tenantId} and id = ${id}`;
  if (!group) return 'missing';
  const [use] = await tx<{ n: number }[]>`
    select count(*)::int as n from product_modifier_groups l
    join products p on p.tenant_id = l.tenant_id and p.id = l.product_id
    where l.tenant_id = ${tenantId} and l.group_id = ${id} and p.archived_at is null`;
  if (use!.n > 0) return 'in-use';
  await tx`delete from modifier_groups where tenant_id = ${tenantId} and id = ${id}`;
  await tombstone(tx, tenantId, 'modifier_group', id, version);
  return 'deleted';
}

// ─── sync ──────────────────────────────────────────────────────────────────────────────────────

/**
 * The live catalog (since undefined) or what changed after `since`: rows stamped with a later
 * version, plus tombstones for objects deleted or archived after it.
 */
export async function loadCatalog(
  db: Db,
  tenantId: string,
  since?: number,
): Promise<CatalogRows & { deleted: Tombstone[] }> {
  const s = since ?? -1;
  const [categories, tax_rates, products, modifier_groups, deleted] = await Promise.all([
    db<CategoryRow[]>`
      select ${categoryColumns(db)} from categories
      where tenant_id = ${tenantId} and version > ${s} order by position, name, id`,
    db<TaxRateRow[]>`
      select id, name, rate_bp, position, updated_at from tax_rates
      where tenant_id = ${tenantId} and version > ${s} order by position, name, id`,
    db<ProductRow[]>`
      select ${productColumns(db)} from products p
      where p.tenant_id = ${tenantId} and p.version > ${s} and p.archived_at is null
      order by p.position, p.name, p.id`,
    db<ModifierGroupRow[]>`
      select ${groupColumns(db)} from modifier_groups g
      where g.tenant_id = ${tenantId} and g.version > ${s} order by g.position, g.name, g.id`,
    since === undefined
      ? Promise.resolve([] as Tombstone[])
      : db<Tombstone[]>`
          select 'product' as type, id from products
          where tenant_id = ${tenantId} and version > ${s} and archived_at is not null
          union all
          select type, id from catalog_tombstones
          where tenant_id = ${tenantId} and version > ${s}`,
  ]);
  return { categories, tax_rates, products, modifier_groups, deleted: [...deleted] };
}

// ─── menu import and export ────────────────────────────────────────────────────────────────────

/** What the menu import matches rows against: names of categories, rates and groups, live products. */
export async function loadImportState(tx: Db, tenantId: string): Promise<ImportState> {
  const [categories, taxRates, groups, products] = await Promise.all([
    tx<{ id: string; name: string }[]>`
      select id, name from categories where tenant_id = ${tenantId} order by position, name, id`,
    tx<{ id: string; name: string; rate_bp: number }[]>`
      select id, name, rate_bp from tax_rates where tenant_id = ${tenantId}
      order by position, name, id`,
    tx<{ id: string; name: string }[]>`
      select id, name from modifier_groups where tenant_id = ${tenantId}
      order by position, name, id`,
    tx<ExistingProduct[]>`
      select p.id, p.category_id, p.name, p.description, p.price, p.tax_rate_id, p.sku, p.barcode,
        p.available, to_json(p.allergens) as allergens, to_json(p.labels) as labels,
        coalesce((select json_agg(l.group_id order by l.position, l.group_id)
                  from product_modifier_groups l
                  where l.tenant_id = p.tenant_id and l.product_id = p.id), '[]'::json)
          as modifier_group_ids
      from products p where p.tenant_id = ${tenantId} and p.archived_at is null
      order by p.position, p.name, p.id`,
  ]);
  return {
    categories: [...categories],
    taxRates: [...taxRates],
    groups: [...groups],
    products: products.map((p) => ({ ...p, price: Number(p.price) })),
  };
}

/**
 * Many new products in one statement (an import of hundreds stays a handful of round trips).
 * Ids are chosen by the caller so the links can follow without relying on RETURNING order.
 */
export async function insertProducts(
  tx: Db,
  tenantId: string,
  version: number,
  rows: (ProductFields & { id: string; modifier_group_ids: string[] })[],
): Promise<void> {
  if (!rows.length) return;
  const data = rows.map(({ modifier_group_ids: _, ...r }) => r);
  await tx`
    insert into products (id, tenant_id, category_id, name, description, price, tax_rate_id,
      takeaway_tax_rate_id, sku, barcode, available, position, allergens, labels, version)
    select r.id, ${tenantId}, r.category_id, r.name, r.description, r.price, r.tax_rate_id,
      r.takeaway_tax_rate_id, r.sku, r.barcode, r.available, r.position, r.allergens, r.labels,
      ${version}
    from jsonb_to_recordset(${tx.json(data as never)}::jsonb) as r(id uuid, category_id uuid,
      name text, description text, price bigint, tax_rate_id uuid, takeaway_tax_rate_id uuid,
      sku text, barcode text, available boolean, position integer, allergens text[], labels text[])`;
  const links = rows.flatMap((r) =>
    r.modifier_group_ids.map((group_id, position) => ({
      tenant_id: tenantId,
      product_id: r.id,
      group_id,
      position,
    })),
  );
  if (links.length) await tx`insert into product_modifier_groups ${tx(links)}`;
}

/** The next free position at the end of the tenant's categories / products. */
export async function nextPositions(
  tx: Db,
  tenantId: string,
): Promise<{ category: number; product: number }> {
  const [row] = await tx<{ category: number; product: number }[]>`
    select
      coalesce((select max(position) + 1 from categories where tenant_id = ${tenantId}), 0)::int
        as category,
      coalesce((select max(position) + 1 from products
                where tenant_id = ${tenantId} and archived_at is null), 0)::int as product`;
  return row!;
}

/** Live products in menu order (their category's, then theirs), references as names. */
export async function loadExportProducts(db: Db, tenantId: string): Promise<ExportProduct[]> {
  const rows = await db<ExportProduct[]>`
    select p.name, c.name as category, p.price, t.rate_bp, p.sku, p.barcode, p.available,
      to_json(p.allergens) as allergens, to_json(p.labels) as labels, p.description,
      coalesce((select json_agg(g.name order by l.position, l.group_id)
                from product_modifier_groups l
                join modifier_groups g on g.tenant_id = l.tenant_id and g.id = l.group_id
                where l.tenant_id = p.tenant_id and l.product_id = p.id), '[]'::json)
        as modifier_groups
    from products p
    join tax_rates t on t.tenant_id = p.tenant_id and t.id = p.tax_rate_id
    left join categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
    where p.tenant_id = ${tenantId} and p.archived_at is null
    order by c.position nulls last, c.name, c.id, p.position, p.name, p.id`;
  return rows.map((r) => ({ ...r, price: Number(r.price) }));
}
