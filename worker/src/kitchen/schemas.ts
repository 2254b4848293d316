import { z } from 'zod';
import { uuid } from '../common/ids';
import { listQuery } from '../common/pagination';

/** A printer on the café's network: a host name or IPv4/IPv6 address, raw TCP (9100 by default). */
export const printerSchema = z
  .object({
    host: z
      .string()
      .trim()
      .min(1)
      .max(253)
      .regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or an IP address'),
    port: z.number().int().min(1).max(65535).default(9100),
  })
  .strict();

const stationFields = z
  .object({
    name: z.string().trim().min(1).max(60),
    position: z.number().int().min(-1_000_000).max(1_000_000),
    category_ids: z.array(uuid).max(500),
    printer: printerSchema.nullable(),
  })
  .strict();

export const createStation = stationFields.partial({
  position: true,
  category_ids: true,
  printer: true,
});
export const patchStation = stationFields
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field');
export type StationPatch = z.infer<typeof patchStation>;

export const ticketsQuery = z
  .object({
    /** A station id, or absent for the expo view (every station). */
    station: uuid.optional(),
  })
  .strict();

export const kitchenSettings = z
  .object({
    amber_minutes: z.number().int().min(1).max(240),
    red_minutes: z.number().int().min(1).max(240),
  })
  .strict()
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field');

export const printJobStatus = z.enum(['queued', 'printed', 'failed']);
export const printJobsQuery = listQuery.extend({ status: printJobStatus.optional() }).strict();

export const printReceiptBody = z.object({ station_id: uuid.optional() }).strict();

export const createBridge = z.object({ name: z.string().trim().min(1).max(120) }).strict();
export const claimBody = z
  .object({ limit: z.number().int().min(1).max(50).optional() })
  .strict()
  .optional();
export const failBody = z.object({ error: z.string().trim().min(1).max(500) }).strict();

export const fireBody = z.object({ course: z.number().int().min(1).max(5) }).strict();
