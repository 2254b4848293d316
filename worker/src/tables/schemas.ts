import { z } from 'zod';
import { uuid } from '../common/ids';
import { listQuery } from '../common/pagination';
import { quantity } from '../orders/schemas';

/** Where a table sits on the floor plan, in grid units of a 100 × 100 floor. */
export const layout = z
  .object({
    x: z.number().int().min(0).max(100),
    y: z.number().int().min(0).max(100),
    w: z.number().int().min(1).max(100),
    h: z.number().int().min(1).max(100),
    shape: z.enum(['rect', 'round']),
    rotation: z.number().int().min(0).max(359),
  })
  .strict();

const tableFields = z
  .object({
    name: z.string().trim().min(1).max(40),
    area: z
      .string()
      .trim()
      .max(60)
      .nullable()
      .transform((v) => (v === '' ? null : v)),
    seats: z.number().int().min(1).max(999).nullable(),
    position: z.number().int().min(-1_000_000).max(1_000_000),
    layout: layout.nullable(),
  })
  .strict();

export const createTable = tableFields.partial({
  area: true,
  seats: true,
  position: true,
  layout: true,
});
export const patchTable = tableFields
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field');
export type TablePatch = z.infer<typeof patchTable>;

export const tableListQuery = listQuery;

/** QR tokens are 32 base64url characters (24 random bytes); anything else names no table. */
export const qrTokenPattern = /^[A-Za-z0-9_-]{32}$/;

export const moveBody = z.object({ table_id: uuid }).strict();
export const splitBody = z
  .object({
    id: uuid,
    lines: z
      .array(z.object({ line_id: uuid, quantity }).strict())
      .min(1)
      .max(200),
  })
  .strict();
export const mergeBody = z.object({ order_ids: z.array(uuid).min(1).max(20) }).strict();
