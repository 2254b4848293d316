import { createEffect, onCleanup, onMount } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { RealtimeHandle } from '../api/realtime';
import { guestApi, type Placed } from './api';

/** The list is fetched again this often while the page is seen and online, whatever else happens. */
export const POLL_MS = 15_000;
/** Bills watched over their own guest socket; a table with more relies on the poll for the rest. */
const WATCH_MAX = 4;

/**
 * The table's open bills (GET /public/tables/{qr_token}/bills), kept live: fetched again when one
 * of them changes (each listed bill's guest socket, the same one "Your orders" follows), when
 * `refresh` is called (an event on the guest's own orders: a split makes a new bill), when the
 * page is seen again or back online, and every POLL_MS while seen (a bill the staff just opened
 * has no socket here yet). Nothing is fetched while the page is hidden or offline.
 *
 * Fetches never overlap (a burst of events costs at most two), and the answer is reconciled into
 * the same store objects by tracking token: a card on screen stays the same DOM, only its amounts
 * change, and a bill no longer open (paid) leaves the list.
 */
export function liveTableBills(qr: string, follows: (orderId: string) => boolean) {
  const [bills, setBills] = createStore<Placed[]>([]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  let again = false;
  let disposed = false;
  const active = () => document.visibilityState === 'visible' && navigator.onLine;

  const refresh = () => {
    clearTimeout(timer);
    // Hidden or offline: the visibilitychange or online event fetches when it is worth it.
    if (disposed || !active()) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    guestApi
      .bills(qr)
      .then(
        (r) => setBills(reconcile(r.data, { key: 'tracking_token' })),
        () => {}, // keep what is shown; the next event or poll tries again
      )
      .finally(() => {
        inFlight = false;
        if (again) {
          again = false;
          refresh();
        } else if (!disposed && active()) timer = setTimeout(refresh, POLL_MS);
      });
  };

  // One guest socket per bill listed (not the ones this phone follows already, which "Your
  // orders" watches and reports through `refresh`); closed once the bill leaves the list.
  const sockets = new Map<string, Promise<RealtimeHandle | null>>();
  const close = (token: string) => {
    void sockets.get(token)?.then((h) => h?.close());
    sockets.delete(token);
  };
  createEffect(() => {
    const watch = new Set(
      bills
        .filter((b) => b.order.balance > 0 && !follows(b.order.id))
        .slice(0, WATCH_MAX)
        .map((b) => b.tracking_token),
    );
    for (const token of [...sockets.keys()]) if (!watch.has(token)) close(token);
    for (const token of watch) {
      if (sockets.has(token)) continue;
      const live = import('../api/realtime').then(({ connectRealtime, wsUrl }) =>
        disposed || !sockets.has(token)
          ? null
          : connectRealtime({
              url: wsUrl(`/public/orders/${encodeURIComponent(token)}/live`),
              // A line's kitchen status is not shown here; rounds and payments come as order
              // and payment events.
              onEvent: (e) => e.type !== 'order.line_status' && refresh(),
              onResync: refresh,
            }),
      );
      sockets.set(token, live);
    }
  });

  const onVisibility = () =>
    document.visibilityState === 'visible' ? refresh() : clearTimeout(timer);
  const onOffline = () => clearTimeout(timer);
  // In the browser only: the server renders the page with an empty list and has no window.
  onMount(() => {
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('online', refresh);
    window.addEventListener('offline', onOffline);
    refresh();
    onCleanup(() => {
      disposed = true;
      clearTimeout(timer);
      for (const token of [...sockets.keys()]) close(token);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('online', refresh);
      window.removeEventListener('offline', onOffline);
    });
  });

  return { bills, refresh };
}
