import type { MovementRow, ShiftRow } from './store';

export const movementView = (m: MovementRow) => ({
  id: m.id,
  shift_id: m.shift_id,
  amount: m.amount,
  reason: m.reason,
  created_by: m.created_by,
  created_at: m.created_at,
});

/** A shift as the API shows it; the frozen Z report only on the single-shift read. */
export const shiftView = (s: ShiftRow) => ({
  id: s.id,
  status: s.closed_at ? ('closed' as const) : ('open' as const),
  opening_float: s.opening_float,
  opened_at: s.opened_at,
  opened_by: s.opened_by,
  closed_at: s.closed_at,
  closed_by: s.closed_by,
  counted_cash: s.counted_cash,
  expected_cash: s.expected_cash,
  difference: s.difference,
});
