import type { LineStatus } from '../api/types';

const FLOW: LineStatus[] = ['queued', 'preparing', 'ready', 'served'];

export type AgeLevel = 'fresh' | 'amber' | 'red';

/** How late a ticket is, by the tenant's thresholds (minutes since it was rung up). */
export function ageLevel(
  createdAt: string,
  now: number,
  t: { amber_minutes: number; red_minutes: number },
): AgeLevel {
  const minutes = (now - Date.parse(createdAt)) / 60_000;
  if (minutes >= t.red_minutes) return 'red';
  if (minutes >= t.amber_minutes) return 'amber';
  return 'fresh';
}

/** The status a ticket's button moves its fired lines to: one step past the least advanced. */
export function ticketNext(lines: { status: LineStatus; held: boolean }[]): LineStatus | null {
  const live = lines.filter((l) => !l.held);
  if (!live.length) return null;
  const lowest = Math.min(...live.map((l) => FLOW.indexOf(l.status)));
  return FLOW[lowest + 1] ?? null;
}

/** "6 × Flat white waiting": fired lines not yet ready, summed by name, most first. */
export function allDayCounts(
  tickets: { lines: { name: string; quantity: number; status: LineStatus; held: boolean }[] }[],
): { name: string; quantity: number }[] {
  const counts = new Map<string, number>();
  for (const t of tickets) {
    for (const l of t.lines) {
      if (l.held || l.status === 'ready' || l.status === 'served') continue;
      counts.set(l.name, (counts.get(l.name) ?? 0) + l.quantity);
    }
  }
  return [...counts.entries()]
    .map(([name, quantity]) => ({ name, quantity }))
    .sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name));
}
