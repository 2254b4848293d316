import { z } from 'zod';
import { id } from '../common/wire';
import { isCurrency } from './currencies';
import { isTimeZone } from './timezone';

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

export const email = z
  .string()
  .trim()
  .max(254)
  .email('must be an email address')
  .transform((v) => v.toLowerCase());
export const password = z
  .string()
  .refine((p) => utf8Length(p) >= 8, 'must be at least 8 bytes')
  .refine((p) => utf8Length(p) <= 72, 'must be at most 72 bytes');
export const pin = z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits');
export const personName = z.string().trim().min(1).max(120);

export const currency = z
  .string()
  .refine(isCurrency, 'must be an ISO 4217 currency code such as EUR');
export const timezone = z
  .string()
  .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin');

export const tenantSettings = z
  .object({
    name: z.string().trim().min(1).max(120),
    currency,
    tax_inclusive: z.boolean(),
    timezone,
    cash_rounding: z.number().int().min(1).max(100000),
    address: z.string().trim().max(500).nullable(),
    tax_id: z.string().trim().max(64).nullable(),
    qr_ordering: z.boolean(),
    default_tax_rate_id: id.nullable(),
    tax_confirmed: z.boolean(),
  })
  .strict();

export const tenantPatch = tenantSettings
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field');

export const signUp = z
  .object({
    name: z.string().trim().min(1).max(120),
    slug: z.string().regex(/^[a-z0-9-]{3,40}$/, 'must be 3–40 characters of a-z, 0-9 and -'),
    currency,
    tax_inclusive: z.boolean().optional(),
    timezone: timezone.optional(),
    owner: z.object({ email, password, name: personName }).strict(),
  })
  .strict();

export type TenantSettings = z.infer<typeof tenantSettings>;
