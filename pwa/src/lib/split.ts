import type { OrderLine } from '../api/types';

export interface SeatGroup {
  seat: number | null;
  lines: OrderLine[];
}

/** Live lines by seat, seats in order and lines without a seat last ("shared"). */
export function groupBySeat(lines: OrderLine[]): SeatGroup[] {
  const groups = new Map<number | null, OrderLine[]>();
  for (const l of lines) {
    if (l.voided) continue;
    const seat = l.seat ?? null;
    groups.set(seat, [...(groups.get(seat) ?? []), l]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a - b))
    .map(([seat, ls]) => ({ seat, lines: ls }));
}

/**
 * The split requests that leave one bill per seat: every seat group but the first goes to a new
 * bill (the first stays on the order). Lines without a seat stay with the first seat's bill.
 */
export function seatSplits(
  groups: SeatGroup[],
): { seat: number; lines: { line_id: string; quantity: number }[] }[] {
  const seated = groups.filter((g) => g.seat !== null);
  return seated.slice(1).map((g) => ({
    seat: g.seat!,
    lines: g.lines.map((l) => ({ line_id: l.id, quantity: l.quantity })),
  }));
}

/** The picked quantities as a split request (lines at 0 left out). */
export function pickedLines(picked: Record<string, number>) {
  return Object.entries(picked)
    .filter(([, q]) => q > 0)
    .map(([line_id, quantity]) => ({ line_id, quantity }));
}
