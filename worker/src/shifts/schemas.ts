import { z } from 'zod';
import { money } from '../orders/schemas';

/** Request shapes of the shift routes (docs/shifts-and-reports.md); shared with the PWA. */
export const openShift = z.object({ opening_float: money }).strict();

export const cashMovement = z
  .object({
    // Signed: negative takes cash out of the drawer (a bank drop), positive puts it in.
    amount: z
      .number()
      .int()
      .min(-100_000_000)
      .max(100_000_000)
      .refine((v) => v !== 0, 'must not be 0'),
    reason: z.string().trim().min(1).max(200),
  })
  .strict();

export const closeShift = z.object({ counted_cash: money }).strict();

export type OpenShiftBody = z.infer<typeof openShift>;
export type CashMovementBody = z.infer<typeof cashMovement>;
export type CloseShiftBody = z.infer<typeof closeShift>;
