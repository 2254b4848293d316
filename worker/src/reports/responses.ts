import { z } from 'zod';
import { amount } from '../common/wire';

/** One row per group (day, hour, category, product, method or staff); refunds count negative. */
export const salesRow = z.object({
  key: z.string(),
  label: z.string(),
  orders: z.int(),
  quantity: z.int(),
  net: amount,
  tax: amount,
  gross: amount,
});

export const salesResponse = z.object({ data: z.array(salesRow) });
