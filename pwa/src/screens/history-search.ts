import type { Order } from '../api/types';
import { parseMoney } from '../lib/money';

/**
 * Whether an order matches what was typed in the history search: "#12" or "12" (ticket or
 * receipt number), a table's name, or an amount ("12.50" equals the total).
 */
export function matchesOrder(
  order: Pick<Order, 'ticket_number' | 'receipt_number' | 'total'>,
  query: string,
  tableName: string | null,
  currency: string,
): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const number = q.replace(/^#/, '');
  if (/^\d+$/.test(number)) {
    const n = Number(number);
    if (order.ticket_number === n || order.receipt_number === n) return true;
  }
  if (tableName?.toLowerCase().includes(q)) return true;
  if (/[.,]/.test(q)) {
    const amount = parseMoney(q, currency);
    if (amount !== null && amount === order.total) return true;
  }
  return false;
}
