import { formatMoney } from '../lib/money';

/** Audit actions in words, for the filter and the list (unknown ones show their code). */
export const AUDIT_ACTIONS: Record<string, string> = {
  'product.price_changed': 'Price changed',
  'modifier.price_changed': 'Modifier price changed',
  'tax_rate.rate_changed': 'Tax rate changed',
  'catalog.imported': 'Menu imported',
  'order.voided': 'Order voided',
  'line.voided': 'Line voided',
  'order.discounted': 'Discount given',
  'payment.refunded': 'Refund',
  'user.role_changed': 'Role changed',
  'user.created': 'Staff added',
  'user.deleted': 'Staff removed',
  login: 'Signed in',
  'login.failed': 'Sign-in failed',
  'auth.pin_failed': 'Wrong PIN',
  'device.created': 'Device registered',
  'shift.opened': 'Shift opened',
  'shift.closed': 'Shift closed',
  'shift.cash_moved': 'Cash in or out',
};

export const actionWords = (action: string) => AUDIT_ACTIONS[action] ?? action;

/** A line of detail in words ("3.50 → 3.80"); money fields are minor units of the tenant. */
export function detailWords(
  action: string,
  detail: Record<string, unknown>,
  currency: string,
): string {
  const money = (v: unknown) => (typeof v === 'number' ? formatMoney(v, currency) : String(v));
  if (action.endsWith('price_changed')) return `${money(detail.from)} → ${money(detail.to)}`;
  if (action === 'tax_rate.rate_changed') {
    return `${Number(detail.from) / 100} % → ${Number(detail.to) / 100} %`;
  }
  if (action === 'user.role_changed') return `${detail.from} → ${detail.to}`;
  if (action === 'catalog.imported') {
    return `${detail.rows} rows: ${detail.created} new, ${detail.updated} updated`;
  }
  const parts: string[] = [];
  for (const [k, v] of Object.entries(detail)) {
    if (v === null || typeof v === 'object') continue;
    parts.push(`${k.replace(/_/g, ' ')}: ${/amount|total|price/.test(k) ? money(v) : v}`);
  }
  return parts.join(', ');
}
