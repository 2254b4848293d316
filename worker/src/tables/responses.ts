import { z } from 'zod';
import { publicMenuResponse } from '../catalog/responses';
import { amount, id, timestamp } from '../common/wire';
import { orderResponse } from '../orders/responses';

export const layoutResponse = z.object({
  x: z.int(),
  y: z.int(),
  w: z.int(),
  h: z.int(),
  shape: z.enum(['rect', 'round']),
  rotation: z.int(),
});

export const tableResponse = z.object({
  id,
  name: z.string(),
  area: z.string().nullable(),
  seats: z.int().nullable(),
  position: z.int(),
  layout: layoutResponse
    .nullable()
    .meta({ description: 'Where the floor plan draws it (grid units).' }),
  qr_token: z.string(),
  qr_url: z.string().meta({ description: 'The guest ordering page this table’s QR code opens.' }),
  updated_at: timestamp,
});

/** GET /public/tables/{qr_token}: what the guest page needs, no login. */
export const publicTableResponse = z.object({
  tenant: z.object({ name: z.string(), currency: z.string(), qr_ordering: z.boolean() }),
  table: z.object({ name: z.string() }),
  catalog: publicMenuResponse,
});

/** A table as the floor plan shows it (GET /floor and `table.updated` events). */
export const floorTableResponse = z.object({
  id,
  name: z.string(),
  area: z.string().nullable(),
  seats: z.int().nullable(),
  layout: layoutResponse,
  status: z.enum(['free', 'ordered', 'served', 'billing', 'paid']),
  orders: z.array(
    z.object({ id, ticket_number: z.int(), total: amount, balance: amount, created_at: timestamp }),
  ),
  since: timestamp.nullable(),
});
export const floorResponse = z.object({
  areas: z.array(z.object({ name: z.string().nullable(), tables: z.array(floorTableResponse) })),
});
export const splitResponse = z.object({ order: orderResponse, from: orderResponse });
