import { z } from 'zod';
import { amount, id, timestamp } from '../common/wire';
import { lineResponse, orderResponse } from '../orders/responses';

/** Response shapes of the payment, refund, receipt and webhook routes (view.ts builds them). */

const method = z.enum(['cash', 'card', 'terminal']);

export const paymentResponse = z.object({
  id,
  order_id: id,
  method,
  status: z.enum(['pending', 'succeeded', 'failed', 'canceled']),
  amount,
  tip: amount,
  tendered: amount.nullable(),
  change: amount.nullable(),
  rounding: amount.meta({ description: 'Cash rounding to the smallest coin (signed).' }),
  refunded: amount,
  checkout_url: z
    .string()
    .nullable()
    .meta({ description: 'Stripe Checkout page of a pending card payment (show it as a QR).' }),
  reference: z
    .string()
    .nullable()
    .meta({ description: "The slip reference of a payment on the café's own terminal." }),
  shift_id: id.nullable().meta({ description: 'null: no shift was open; in no Z report.' }),
  created_at: timestamp,
  settled_at: timestamp.nullable(),
});

export const refundResponse = z.object({
  id,
  order_id: id,
  payment_id: id,
  amount,
  reason: z.string(),
  method,
  status: z.enum(['pending', 'succeeded', 'failed']),
  shift_id: id.nullable(),
  created_at: timestamp,
  settled_at: timestamp.nullable(),
});

/** Payments and refunds answer with the order as it is after them. */
export const paymentWithOrder = paymentResponse.extend({ order: orderResponse });
export const refundWithOrder = refundResponse.extend({ order: orderResponse });

export const checkoutResponse = z.object({ checkout_url: z.string(), payment_id: id });

export const webhookResponse = z.object({ received: z.literal(true) });

export const taxBand = z.object({ rate_bp: z.int(), net: amount, tax: amount, gross: amount });

export const receiptResponse = z.object({
  kind: z.enum(['pre_bill', 'receipt']),
  receipt_number: z.int().nullable(),
  ticket_number: z.int(),
  order_id: id,
  tenant: z.object({
    name: z.string(),
    address: z.string().nullable(),
    tax_id: z.string().nullable(),
    currency: z.string(),
    timezone: z.string(),
    tax_inclusive: z.boolean(),
  }),
  issued_at: timestamp,
  lines: z.array(lineResponse),
  subtotal: amount,
  discount_total: amount,
  tax_total: amount,
  total: amount,
  tax_breakdown: z.array(taxBand),
  payments: z.array(paymentResponse),
  tips: amount,
  change: amount,
  refunds: z.array(refundResponse),
  balance: amount,
});
