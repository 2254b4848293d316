import type { Db } from '../db/client';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  currency: string;
  tax_inclusive: boolean;
  timezone: string;
  cash_rounding: number;
  address: string | null;
  tax_id: string | null;
  qr_ordering: boolean;
  default_tax_rate_id: string | null;
  tax_confirmed: boolean;
  created_at: Date;
  updated_at: Date;
}

export async function getTenant(db: Db, id: string): Promise<Tenant | undefined> {
  const [t] = await db<Tenant[]>`
    select id, slug, name, trim(currency) as currency, tax_inclusive, timezone, cash_rounding,
           address, tax_id, qr_ordering, default_tax_rate_id, tax_confirmed, created_at, updated_at
    from tenants where id = ${id}`;
  return t;
}

export async function insertTenant(
  db: Db,
  t: { slug: string; name: string; currency: string; tax_inclusive: boolean; timezone: string },
): Promise<Tenant | undefined> {
  const [row] = await db<{ id: string }[]>`
    insert into tenants (slug, name, currency, tax_inclusive, timezone)
    values (${t.slug}, ${t.name}, ${t.currency}, ${t.tax_inclusive}, ${t.timezone})
    on conflict (slug) do nothing
    returning id`;
  return row ? getTenant(db, row.id) : undefined;
}

export async function updateTenant(
  db: Db,
  id: string,
  patch: Partial<Omit<Tenant, 'id' | 'slug' | 'created_at' | 'updated_at'>>,
): Promise<Tenant | undefined> {
  const cols = Object.keys(patch) as (keyof typeof patch)[];
  if (cols.length) {
    await db`update tenants set ${db(patch as Record<string, unknown>, ...cols)}, updated_at = now()
             where id = ${id}`;
  }
  return getTenant(db, id);
}
