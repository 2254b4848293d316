import { z } from 'zod';
import { uuid } from '../common/ids';
import { money } from '../orders/schemas';

const positive = money.refine((v) => v > 0, 'must be more than 0');

export const createPayment = z.discriminatedUnion('method', [
  z
    .object({
      id: uuid,
      method: z.literal('cash'),
      amount: positive,
      tendered: money.optional(),
      tip: money.optional(),
    })
    .strict(),
  z
    .object({ id: uuid, method: z.literal('card'), amount: positive, tip: money.optional() })
    .strict(),
  // A card payment taken on the café's own standalone terminal: settled when recorded.
  z
    .object({
      id: uuid,
      method: z.literal('terminal'),
      amount: positive,
      tip: money.optional(),
      reference: z.string().trim().min(1).max(100).optional(),
    })
    .strict(),
]);

export type PaymentMethod = z.infer<typeof createPayment>['method'];

export const createRefund = z
  .object({
    id: uuid,
    payment_id: uuid,
    amount: positive,
    reason: z.string().trim().min(1).max(500),
  })
  .strict();

export type CreatePaymentBody = z.infer<typeof createPayment>;
