import { equalParts } from '../../../worker/src/tables/split';
import { GuestError } from './api';

/** One guest's share when the table splits `balance` N ways (the larger part, if uneven). */
export function shareOf(balance: number, ways: number): number {
  return equalParts(balance, Math.max(1, ways))[0] ?? 0;
}

/** Starts a Stripe Checkout for `amount` of the order: the URL to send the guest to. */
export async function checkoutShare(tracking: string, amount: number): Promise<string> {
  const res = await fetch(`/api/v1/public/orders/${encodeURIComponent(tracking)}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ amount }),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new GuestError(res.status, data.detail ?? data.title ?? `HTTP ${res.status}`);
  return (data as { checkout_url: string }).checkout_url;
}
