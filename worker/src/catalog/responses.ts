import { z } from 'zod';
import { amount, id, timestamp } from '../common/wire';
import { ALLERGENS, LABELS } from './allergens';

const allergens = z
  .array(z.enum(ALLERGENS))
  .meta({ description: 'The EU allergens (Regulation 1169/2011, Annex II) it contains.' });
const labels = z.array(z.enum(LABELS));

/** Response shapes of the catalog routes (views.ts builds them). */

export const categoryResponse = z.object({
  id,
  name: z.string(),
  position: z.int(),
  default_course: z.int().meta({ description: 'The course (1–5) its products’ lines take.' }),
  updated_at: timestamp,
});

export const taxRateResponse = z.object({
  id,
  name: z.string(),
  rate_bp: z.int().meta({ description: 'Basis points: 1900 is 19 %.' }),
  position: z.int(),
  updated_at: timestamp,
});

const url = z.string().nullable();

export const productResponse = z.object({
  id,
  category_id: id.nullable(),
  name: z.string(),
  description: z.string().nullable(),
  price: amount,
  tax_rate_id: id,
  takeaway_tax_rate_id: id.nullable(),
  sku: z.string().nullable(),
  barcode: z.string().nullable(),
  available: z.boolean(),
  position: z.int(),
  modifier_group_ids: z.array(id),
  allergens,
  labels,
  image_url: url,
  thumbnail_url: url,
  updated_at: timestamp,
  archived_at: timestamp.nullable(),
});

export const modifierGroupResponse = z.object({
  id,
  name: z.string(),
  min: z.int(),
  max: z.int(),
  position: z.int(),
  modifiers: z.array(
    z.object({ id, name: z.string(), price_delta: amount, available: z.boolean() }),
  ),
  updated_at: timestamp,
});

export const catalogResponse = z.object({
  version: z.int(),
  currency: z.string(),
  tax_inclusive: z.boolean(),
  full: z.boolean().meta({
    description: 'true: the whole catalog; false: the changes since `since` (and `deleted`).',
  }),
  categories: z.array(categoryResponse),
  products: z.array(productResponse),
  modifier_groups: z.array(modifierGroupResponse),
  tax_rates: z.array(taxRateResponse),
  deleted: z.array(
    z.object({ type: z.enum(['category', 'tax_rate', 'product', 'modifier_group']), id }),
  ),
});

/** The guest menu: available products only, none of the staff fields. */
export const publicMenuResponse = z.object({
  version: z.int(),
  currency: z.string(),
  tax_inclusive: z.boolean(),
  categories: z.array(z.object({ id, name: z.string() })),
  products: z.array(
    z.object({
      id,
      category_id: id.nullable(),
      name: z.string(),
      description: z.string().nullable(),
      price: amount,
      tax_rate_id: id,
      takeaway_tax_rate_id: id.nullable(),
      modifier_group_ids: z.array(id),
      allergens,
      labels,
      image_url: url,
      thumbnail_url: url,
    }),
  ),
  modifier_groups: z.array(
    z.object({
      id,
      name: z.string(),
      min: z.int(),
      max: z.int(),
      modifiers: z.array(z.object({ id, name: z.string(), price_delta: amount })),
    }),
  ),
  tax_rates: z.array(z.object({ id, name: z.string(), rate_bp: z.int() })),
});
