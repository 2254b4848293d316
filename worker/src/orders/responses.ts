import { z } from 'zod';
import { amount, id, timestamp } from '../common/wire';
import { lineStatus } from './schemas';

/** Response shapes of the order routes (view.ts builds them). */

export const orderStatus = z.enum(['open', 'paid', 'closed', 'void']);

export const lineResponse = z.object({
  id,
  product_id: id,
  name: z.string(),
  quantity: z.int(),
  unit_price: amount,
  modifiers: z.array(z.object({ id, name: z.string(), price_delta: amount })),
  tax_rate_bp: z.int(),
  line_total: amount,
  discount: amount.meta({ description: "This line's share of the order discount." }),
  tax: amount,
  status: lineStatus,
  voided: z.boolean(),
  void_reason: z.string().nullable(),
  note: z.string().nullable(),
  seat: z.int().nullable().meta({ description: "The guest's seat at the table." }),
  course: z.int().meta({ description: 'Course 1–5; the kitchen fires courses in turn.' }),
  station_id: id.nullable().meta({ description: 'The kitchen station the line was routed to.' }),
  fired_at: timestamp
    .nullable()
    .meta({ description: 'When the line went to the kitchen; null while its course is held.' }),
});

export const orderResponse = z.object({
  id,
  ticket_number: z.int(),
  type: z.enum(['dine_in', 'takeaway']),
  table_id: id.nullable(),
  source: z.enum(['pos', 'qr']),
  status: orderStatus,
  note: z.string().nullable(),
  lines: z.array(lineResponse),
  subtotal: amount,
  discount_total: amount,
  discount: z
    .object({ kind: z.enum(['percent', 'amount']), value: z.int(), reason: z.string().nullable() })
    .nullable(),
  tax_total: amount,
  total: amount,
  paid_total: amount,
  pending_total: amount.meta({ description: 'Card payments started and not yet settled.' }),
  refunded_total: amount,
  balance: amount.meta({ description: 'total − paid_total.' }),
  receipt_number: z.int().nullable().meta({ description: 'Gapless per tenant, set when paid.' }),
  catalog_version: z.int().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  paid_at: timestamp.nullable(),
  closed_at: timestamp.nullable(),
});

/** What a guest sees of their order: no staff fields, voided lines left out. */
export const guestOrderResponse = z.object({
  id,
  ticket_number: z.int(),
  status: orderStatus,
  lines: z.array(
    z.object({
      id,
      name: z.string(),
      quantity: z.int(),
      modifiers: z.array(z.object({ name: z.string(), price_delta: amount })),
      line_total: amount,
      status: lineStatus,
      note: z.string().nullable(),
      seat: z.int().nullable(),
    }),
  ),
  subtotal: amount,
  discount_total: amount,
  tax_total: amount,
  total: amount,
  paid_total: amount,
  balance: amount,
  created_at: timestamp,
});

export const guestOrderCreated = z.object({
  order: guestOrderResponse,
  tracking_token: z.string().meta({
    description: 'The credential for GET /public/orders/{tracking_token} and its live socket.',
  }),
});

/** GET /public/tables/{qr_token}/bills: the table's open orders, each as a guest follows it. */
export const guestTableBills = z.object({ data: z.array(guestOrderCreated) });
