import type { Tenant } from './store';

/** The tenant as /me and /tenant show it. */
export const tenantView = (t: Tenant) => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  currency: t.currency,
  tax_inclusive: t.tax_inclusive,
  timezone: t.timezone,
  cash_rounding: t.cash_rounding,
  address: t.address,
  tax_id: t.tax_id,
  qr_ordering: t.qr_ordering,
  default_tax_rate_id: t.default_tax_rate_id,
  tax_confirmed: t.tax_confirmed,
  created_at: t.created_at,
  updated_at: t.updated_at,
});
