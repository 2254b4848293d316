import type { GuestOrder, GuestOrderCreated, PublicMenu } from '../api/types';

/**
 * The guest page's few calls: no login (the QR token and the tracking token are the
 * credentials). Kept apart from the staff client so the guest bundle stays small.
 */
export class GuestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new GuestError(res.status, data.detail ?? data.title ?? `HTTP ${res.status}`);
  return data as T;
}

/** A placed order and its tracking token, as the guest page keeps it (localStorage). */
export type Placed = GuestOrderCreated;

export const guestApi = {
  menu: (qr: string) => call<PublicMenu>('GET', `/public/tables/${encodeURIComponent(qr)}`),
  place: (qr: string, body: { id: string; lines: unknown[]; note?: string }) =>
    call<Placed>('POST', `/public/tables/${encodeURIComponent(qr)}/orders`, body),
  /** The table's open bills with their tracking tokens (staff-made ones get one on first look). */
  bills: (qr: string) =>
    call<{ data: Placed[] }>('GET', `/public/tables/${encodeURIComponent(qr)}/bills`),
  order: (tracking: string) =>
    call<GuestOrder>('GET', `/public/orders/${encodeURIComponent(tracking)}`),
  checkout: (tracking: string) =>
    call<{ checkout_url: string }>(
      'POST',
      `/public/orders/${encodeURIComponent(tracking)}/checkout`,
    ),
};

/** The menu and the guest's orders per table, in localStorage: a repeat visit works offline. */
export const guestCache = {
  menu(qr: string): PublicMenu | null {
    try {
      return JSON.parse(localStorage.getItem(`comanda.guest.menu.${qr}`) ?? 'null');
    } catch {
      return null;
    }
  },
  saveMenu(qr: string, menu: PublicMenu) {
    try {
      localStorage.setItem(`comanda.guest.menu.${qr}`, JSON.stringify(menu));
    } catch {
      // storage full: the page still works online
    }
  },
  orders(qr: string): Placed[] {
    try {
      return JSON.parse(localStorage.getItem(`comanda.guest.orders.${qr}`) ?? '[]');
    } catch {
      return [];
    }
  },
  saveOrders(qr: string, orders: Placed[]) {
    localStorage.setItem(`comanda.guest.orders.${qr}`, JSON.stringify(orders.slice(-10)));
  },
};
