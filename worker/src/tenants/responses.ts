import { z } from 'zod';
import { id, timestamp } from '../common/wire';
import { userResponse } from '../users/responses';
import { role } from '../users/schemas';

/** Response shapes of the tenant, sign-up and /me routes (see view.ts). */
export const tenantResponse = z.object({
  id,
  slug: z.string(),
  name: z.string(),
  currency: z.string().meta({ description: 'ISO 4217 code; amounts are minor units of it.' }),
  tax_inclusive: z.boolean(),
  timezone: z.string(),
  cash_rounding: z.int().meta({ description: 'Smallest coin for cash, in minor units (1: none).' }),
  address: z.string().nullable(),
  tax_id: z.string().nullable(),
  qr_ordering: z.boolean(),
  default_tax_rate_id: id.nullable().meta({
    description: 'The tax rate a new product starts with; null until the owner chooses one.',
  }),
  tax_confirmed: z.boolean().meta({
    description:
      'The owner confirmed currency, price mode and default tax rate (the onboarding step).',
  }),
  created_at: timestamp,
  updated_at: timestamp,
});

export const signUpResponse = z.object({ tenant: tenantResponse, user: userResponse });

export const meResponse = z.object({
  user: z.object({ id, email: z.string(), name: z.string(), role }),
  tenant: tenantResponse,
});
