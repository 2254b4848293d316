import { z } from 'zod';
import { publicMenuResponse } from '../catalog/responses';
import { id, timestamp } from '../shared/wire';

export const tableResponse = z.object({
  id,
  name: z.string(),
  area: z.string().nullable(),
  seats: z.int().nullable(),
  position: z.int(),
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
