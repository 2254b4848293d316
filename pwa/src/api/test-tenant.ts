import type { Me } from './types';

/** A tenant as `GET /me` answers it, for unit tests; `overrides` change what a test is about. */
export const testTenant = (overrides: Partial<Me['tenant']> = {}): Me['tenant'] => ({
  id: 't',
  slug: 'x',
  name: 'X',
  currency: 'EUR',
  tax_inclusive: true,
  timezone: 'UTC',
  cash_rounding: 1,
  address: null,
  tax_id: null,
  qr_ordering: true,
  default_tax_rate_id: null,
  tax_confirmed: true,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  ...overrides,
});
