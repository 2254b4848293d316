import type { Db } from '../db/client';
import type { CatalogView } from './lines';

type ProductData = CatalogView['products'] extends Map<string, infer P> ? P : never;
type GroupData = CatalogView['groups'] extends Map<string, infer G> ? G : never;

/** The tenant's catalog version now (0 before its first catalog write). */
export async function currentCatalogVersion(db: Db, tenantId: string): Promise<number> {
  const [row] = await db<{ version: number }[]>`
    select version from catalog_state where tenant_id = ${tenantId}`;
  return row?.version ?? 0;
}

/**
 * How long ago catalog `version` stopped being current (when the next version began), in seconds;
 * null while it is current or when that moment was not recorded (versions before it was kept).
 */
export async function catalogVersionAge(
  db: Db,
  tenantId: string,
  version: number,
  now: Date,
): Promise<number | null> {
  const [row] = await db<{ ended: Date | null }[]>`
    select min(began_at) as ended from catalog_versions
    where tenant_id = ${tenantId} and version > ${version}`;
  if (!row?.ended) return null;
  return Math.max(0, Math.floor((now.getTime() - row.ended.getTime()) / 1000));
}

/** The live view's row as the database answers it (JSON aggregates), before parsing. */
export interface LiveCatalogRow {
  products: (ProductData & { id: string })[];
  groups: (GroupData & { id: string })[];
  rates: { id: string; rate_bp: number }[];
}

/**
 * The CTEs `p`, `g` and `r` (products named by an order, their groups, their tax rates, as they
 * are now) and the three JSON columns they yield: a fragment, so the order path can read them in
 * the same statement as its other reads.
 */
export function liveCatalogQuery(
  db: Db,
  tenantId: string,
  productIds: string[],
  /** A condition the products must also meet (the order path skips them for a replay). */
  when = db`true`,
) {
  return {
    ctes: db`
      p as (
        select p.id, p.name, p.price, p.tax_rate_id, p.takeaway_tax_rate_id, p.available,
               (p.archived_at is not null) as archived,
               coalesce(array_agg(pmg.group_id order by pmg.position, pmg.group_id)
                 filter (where pmg.group_id is not null), '{}') as modifier_group_ids,
               coalesce(min(c.default_course), 1) as default_course
        from products p
        left join product_modifier_groups pmg on pmg.tenant_id = p.tenant_id and pmg.product_id = p.id
        left join categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
        where p.tenant_id = ${tenantId} and p.id = any(${productIds}::uuid[]) and ${when}
        group by p.id
      ), g as (
        select g.id, g.name, g.min, g.max,
               coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name,
                 'price_delta', m.price_delta, 'available', m.available) order by m.position, m.id)
                 filter (where m.id is not null), '[]') as modifiers
        from modifier_groups g
        left join modifiers m on m.tenant_id = g.tenant_id and m.group_id = g.id and m.archived_at is null
        where g.tenant_id = ${tenantId} and g.id in (select unnest(modifier_group_ids) from p)
        group by g.id
      ), r as (
        select id, rate_bp from tax_rates
        where tenant_id = ${tenantId}
          and id in (select tax_rate_id from p union select takeaway_tax_rate_id from p)
      )`,
    columns: db`
      (select coalesce(jsonb_agg(p), '[]') from p) as products,
      (select coalesce(jsonb_agg(g), '[]') from g) as groups,
      (select coalesce(jsonb_agg(r), '[]') from r) as rates`,
  };
}

export function parseLiveCatalog({ products, groups, rates }: LiveCatalogRow): CatalogView {
  return {
    products: new Map(products.map(({ id, ...p }) => [id, { ...p, price: Number(p.price) }])),
    groups: new Map(
      groups.map(({ id, ...g }) => [
        id,
        { ...g, modifiers: g.modifiers.map((m) => ({ ...m, price_delta: Number(m.price_delta) })) },
      ]),
    ),
    taxRates: new Map(rates.map((r) => [r.id, r.rate_bp])),
  };
}

/**
 * The products named by an order (and their groups and tax rates) as they are now, in one round
 * trip: this sits on the hot path of every order write.
 */
export async function liveCatalogView(
  db: Db,
  tenantId: string,
  productIds: string[],
): Promise<CatalogView> {
  const q = liveCatalogQuery(db, tenantId, productIds);
  const [row] = await db<LiveCatalogRow[]>`with ${q.ctes} select ${q.columns}`;
  return parseLiveCatalog(row!);
}

/** The same, as the catalog stood at `version` (an order taken offline against that menu). */
export async function historicCatalogView(
  db: Db,
  tenantId: string,
  productIds: string[],
  version: number,
): Promise<CatalogView> {
  const latest = (type: string, ids: string[]) => db<
    { id: string; data: Record<string, unknown> }[]
  >`
    select distinct on (id) id, data from catalog_history
    where tenant_id = ${tenantId} and type = ${type} and id = any(${ids}::uuid[]) and version <= ${version}
    order by id, version desc`;
  const products = await latest('product', productIds);
  const courses = await defaultCourses(db, tenantId, productIds);
  const groupIds = [...new Set(products.flatMap((p) => p.data.modifier_group_ids as string[]))];
  const groups = groupIds.length ? await latest('modifier_group', groupIds) : [];
  const rateIds = [
    ...new Set(
      products.flatMap((p) =>
        [p.data.tax_rate_id, p.data.takeaway_tax_rate_id].filter(
          (x): x is string => typeof x === 'string',
        ),
      ),
    ),
  ];
  const rates = rateIds.length ? await latest('tax_rate', rateIds) : [];
  return {
    products: new Map(
      products.map((p) => [
        p.id,
        {
          name: String(p.data.name),
          price: Number(p.data.price),
          tax_rate_id: String(p.data.tax_rate_id),
          takeaway_tax_rate_id: (p.data.takeaway_tax_rate_id as string | null) ?? null,
          available: Boolean(p.data.available),
          archived: Boolean(p.data.archived),
          modifier_group_ids: p.data.modifier_group_ids as string[],
          default_course: courses.get(p.id) ?? 1,
        },
      ]),
    ),
    groups: new Map(
      groups.map((g) => [
        g.id,
        {
          name: String(g.data.name),
          min: Number(g.data.min),
          max: Number(g.data.max),
          modifiers: (
            g.data.modifiers as {
              id: string;
              name: string;
              price_delta: number;
              available: boolean;
            }[]
          ).map((m) => ({
            ...m,
            price_delta: Number(m.price_delta),
          })),
        },
      ]),
    ),
    taxRates: new Map(rates.map((r) => [r.id, Number(r.data.rate_bp)])),
  };
}

/**
 * The course each product's category gives its lines, as it is now: courses pace the kitchen,
 * they are not part of the price, so an order taken offline needs no historic value.
 */
async function defaultCourses(db: Db, tenantId: string, productIds: string[]) {
  const rows = await db<{ id: string; default_course: number }[]>`
    select p.id, coalesce(c.default_course, 1) as default_course from products p
    left join categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
    where p.tenant_id = ${tenantId} and p.id = any(${productIds}::uuid[])`;
  return new Map(rows.map((r) => [r.id, r.default_course]));
}
