import { z } from 'zod';
import { amount, count, id, timestamp } from '../common/wire';
import { taxBand } from '../payments/responses';

/** Response shapes of the shift routes (view.ts and zreport.ts build them). */

const byMethod = z.object({ cash: amount, card: amount, terminal: amount });
const auditSummary = z.object({
  count,
  amount,
  items: z.array(
    z.object({
      at: z.string(),
      user_id: id.nullable(),
      name: z.string(),
      order_id: id.nullable(),
      amount,
      reason: z.string().nullable(),
      kind: z.string(),
    }),
  ),
});

/** An X report (open shift, running figures) or the frozen Z report of a closed one. */
export const zReportResponse = z.object({
  shift_id: id,
  kind: z.enum(['x', 'z']),
  currency: z.string(),
  timezone: z.string(),
  opened_at: z.string(),
  opened_by: id.nullable(),
  closed_at: z.string().nullable(),
  closed_by: id.nullable(),
  opening_float: amount,
  expected_cash: amount,
  counted_cash: amount.nullable(),
  difference: amount.nullable(),
  sales_by_method: byMethod,
  tips_by_method: byMethod,
  cash_rounding: amount,
  cash_movements: z.object({ count, amount }),
  tax_summary: z.array(taxBand),
  refunds: z.object({ count, amount, by_method: byMethod }),
  voids: auditSummary,
  discounts: auditSummary,
  by_staff: z.array(
    z.object({
      user_id: id.nullable(),
      name: z.string(),
      payments: z.object({ count, amount }),
      tips: amount,
      refunds: z.object({ count, amount }),
    }),
  ),
});

export const movementResponse = z.object({
  id,
  shift_id: id,
  amount: amount.meta({ description: 'Negative takes cash out of the drawer.' }),
  reason: z.string(),
  created_by: id.nullable(),
  created_at: timestamp,
});

export const shiftResponse = z.object({
  id,
  status: z.enum(['open', 'closed']),
  opening_float: amount,
  opened_at: timestamp,
  opened_by: id.nullable(),
  closed_at: timestamp.nullable(),
  closed_by: id.nullable(),
  counted_cash: amount.nullable(),
  expected_cash: amount.nullable(),
  difference: amount.nullable(),
});

export const shiftDetailResponse = shiftResponse.extend({
  cash_movements: z.array(movementResponse),
  z_report: zReportResponse.nullable(),
});

export const currentShiftResponse = shiftDetailResponse.extend({ x_report: zReportResponse });
