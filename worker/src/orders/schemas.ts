import { z } from 'zod';
import { uuid } from '../common/ids';

/** Money and quantities (docs/api.md, Money): integers only (1.5, 1e400, 2^53+1, "12" are 400s). */
export const money = z.number().int().min(0).max(100_000_000);
export const quantity = z.number().int().min(1).max(999);
const note = z.string().trim().max(500);
const reason = z.string().trim().min(1).max(500);
export const seat = z.number().int().min(1).max(99);
export const course = z.number().int().min(1).max(5);

export const lineInput = z
  .object({
    id: uuid,
    product_id: uuid,
    quantity,
    modifier_ids: z.array(uuid).max(50).optional(),
    note: note.optional(),
    /** The guest's seat at the table, for splitting the bill by seat. */
    seat: seat.nullable().optional(),
    /** Omitted: the category's default course (1 when it has none). */
    course: course.optional(),
  })
  .strict();

export const createOrder = z
  .object({
    id: uuid,
    type: z.enum(['dine_in', 'takeaway']),
    table_id: uuid.nullable().optional(),
    note: note.nullable().optional(),
    catalog_version: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    lines: z.array(lineInput).min(1).max(200),
  })
  .strict();

export const addLines = z.object({ lines: z.array(lineInput).min(1).max(200) }).strict();
export const voidBody = z.object({ reason }).strict();
export const lineStatus = z.enum(['queued', 'preparing', 'ready', 'served']);
export const lineStatusBody = z.object({ status: lineStatus }).strict();
/** `station_id`: move only that station's fired lines (a station's display bumping its part). */
export const bumpBody = z.object({ status: lineStatus, station_id: uuid.optional() }).strict();
export const discountBody = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('percent'), value: z.number().int().min(0).max(100), reason })
    .strict(),
  z.object({ kind: z.literal('amount'), value: money, reason }).strict(),
]);

export const listOrdersQuery = z.object({
  status: z.enum(['open', 'paid', 'closed', 'void']).optional(),
  table_id: uuid.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const guestOrder = z
  .object({ id: uuid, lines: z.array(lineInput).min(1).max(100), note: note.nullable().optional() })
  .strict();

export type LineInputBody = z.infer<typeof lineInput>;
export type CreateOrderBody = z.infer<typeof createOrder>;

/** A guest's checkout: a share of the balance (split N ways), or, without `amount`, all of it. */
export const guestCheckout = z.object({ amount: money.min(1).optional() }).strict();
