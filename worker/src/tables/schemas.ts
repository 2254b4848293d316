import { z } from 'zod';
import { listQuery } from '../shared/pagination';

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
  })
  .strict();

export const createTable = tableFields.partial({ area: true, seats: true, position: true });
export const patchTable = tableFields
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field');
export type TablePatch = z.infer<typeof patchTable>;

export const tableListQuery = listQuery;

/** QR tokens are 32 base64url characters (24 random bytes); anything else names no table. */
export const qrTokenPattern = /^[A-Za-z0-9_-]{32}$/;
