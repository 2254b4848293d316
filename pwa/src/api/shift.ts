import { api } from './client';
import type { Page, Shift } from './types';

/**
 * The open shift, or null. Asked through the shift list (newest first, at most one open per
 * tenant) rather than GET /shifts/current, whose 404 for "none open" the browser logs as an
 * error on every screen that asks.
 */
export async function openShift(): Promise<Shift | null> {
  const page = await api<Page<Shift>>('GET', '/shifts?limit=1');
  const newest = page.data[0];
  return newest && newest.status === 'open' ? newest : null;
}
