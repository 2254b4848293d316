import { z } from 'zod';
import { uuid } from '../common/ids';
import { listQuery } from '../common/pagination';
import { ALLERGENS, LABELS } from './allergens';

export type { Allergen, Label } from './allergens';

/** Request shapes of the catalog routes (shared with the PWA). Responses are built in views.ts. */

const MAX_MONEY = 100_000_000;
export const money = z.number().int().min(0).max(MAX_MONEY);
export const moneyDelta = z.number().int().min(-MAX_MONEY).max(MAX_MONEY);
const name = z.string().trim().min(1).max(120);
const position = z.number().int().min(-1_000_000).max(1_000_000);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((v) => (v === '' ? null : v));
const code = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'must be printable ASCII');

const nonEmpty = (v: object) => Object.keys(v).length > 0;
const distinct = (ids: string[]) => new Set(ids).size === ids.length;

export const categoryFields = z
  .object({
    name,
    position,
    /** The course its products' order lines take unless the line names one (1–5). */
    default_course: z.number().int().min(1).max(5),
  })
  .strict();
export const createCategory = categoryFields.partial({ position: true, default_course: true });
export const patchCategory = categoryFields.partial().refine(nonEmpty, 'send at least one field');

export const taxRateFields = z
  .object({ name, rate_bp: z.number().int().min(0).max(10_000), position })
  .strict();
export const createTaxRate = taxRateFields.partial({ position: true });
export const patchTaxRate = taxRateFields.partial().refine(nonEmpty, 'send at least one field');

export const productFields = z
  .object({
    category_id: uuid.nullable(),
    name,
    description: optionalText(2000),
    price: money,
    tax_rate_id: uuid,
    takeaway_tax_rate_id: uuid.nullable(),
    sku: code.nullable(),
    barcode: code.nullable(),
    available: z.boolean(),
    position,
    modifier_group_ids: z.array(uuid).max(50).refine(distinct, 'must not repeat an id'),
    allergens: z.array(z.enum(ALLERGENS)).refine(distinct, 'must not repeat an allergen'),
    labels: z.array(z.enum(LABELS)).refine(distinct, 'must not repeat a label'),
  })
  .strict();
export const createProduct = productFields.partial({
  allergens: true,
  labels: true,
  category_id: true,
  description: true,
  takeaway_tax_rate_id: true,
  sku: true,
  barcode: true,
  available: true,
  position: true,
  modifier_group_ids: true,
});
export const patchProduct = productFields.partial().refine(nonEmpty, 'send at least one field');
export type ProductPatch = z.infer<typeof patchProduct>;

export const modifierInput = z
  .object({
    id: uuid.optional(),
    name,
    price_delta: moneyDelta.optional().default(0),
    available: z.boolean().optional().default(true),
  })
  .strict();
export type ModifierInput = z.infer<typeof modifierInput>;

const modifierList = z
  .array(modifierInput)
  .max(100)
  .refine(
    (ms) => distinct(ms.flatMap((m) => (m.id ? [m.id] : []))),
    'must not repeat a modifier id',
  );

const groupFields = z
  .object({
    name,
    min: z.number().int().min(0).max(100),
    max: z.number().int().min(1).max(100),
    position,
    modifiers: modifierList,
  })
  .strict();
export const createModifierGroup = groupFields
  .partial({ position: true, min: true, max: true })
  .refine((g) => (g.min ?? 0) <= (g.max ?? 1), {
    message: 'min must not exceed max',
    path: ['min'],
  });
export const patchModifierGroup = groupFields
  .partial()
  .refine(nonEmpty, 'send at least one field')
  .refine((g) => g.min === undefined || g.max === undefined || g.min <= g.max, {
    message: 'min must not exceed max',
    path: ['min'],
  });

export const productListQuery = listQuery.extend({
  barcode: z.string().max(64).optional(),
  category_id: uuid.optional(),
  /** `true` lists the archived products instead (to restore one). */
  archived: z.enum(['true', 'false']).optional(),
});

export const catalogQuery = z.object({
  since: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a catalog version (a non-negative integer)')
    .transform(Number)
    .optional(),
});

/** Keyset for catalog lists: `position`, then `name`, then `id`. */
export const catalogCursor = z.object({
  position: z.number().int(),
  name: z.string(),
  id: z.string().uuid(),
});
export type CatalogCursor = z.infer<typeof catalogCursor>;
