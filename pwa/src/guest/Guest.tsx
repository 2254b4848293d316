import { createMemo, createSignal, For, lazy, onCleanup, onMount, Show } from 'solid-js';
import { createStore, produce, reconcile, unwrap } from 'solid-js/store';
import { isServer, render } from 'solid-js/web';
import type { RealtimeHandle } from '../api/realtime';
import type { GuestOrderLine, Modifier, Product, PublicMenu } from '../api/types';
import { QtyStepper } from '../components/QtyStepper';
import { type CartLine, cartTotals, groupsOf, sameChoice } from '../lib/cart';
import { uuid } from '../lib/ids';
import { formatMoney } from '../lib/money';
import { GuestError, guestApi, guestCache, type Placed } from './api';
import { Menu } from './Menu';
import { TableBills } from './TableBills';
import { liveTableBills } from './table-bills';

/**
 * Loaded when first needed, not on the first visit's critical path (its JS budget is 30 KiB on the
 * wire): the choice dialog (with the shared Dialog) and the guest's own orders (line statuses, pay
 * a share). The service worker precaches both after that visit; `warmLater` fetches them once the
 * guest first touches the page, before the first tap on a product can need them.
 */
const loadModifierDialog = () => import('../components/ModifierDialog');
const loadYourOrders = () => import('./YourOrders');
const ModifierDialog = lazy(() =>
  loadModifierDialog().then((m) => ({ default: m.ModifierDialog })),
);
const YourOrders = lazy(() => loadYourOrders().then((m) => ({ default: m.YourOrders })));
function warmLater() {
  const warm = () => {
    for (const e of ['pointerdown', 'scroll', 'keydown']) removeEventListener(e, warm, true);
    void loadModifierDialog().catch(() => {});
    void loadYourOrders().catch(() => {});
  };
  for (const e of ['pointerdown', 'scroll', 'keydown'])
    addEventListener(e, warm, { capture: true, passive: true });
}

/**
 * /t/{qr_token}: the table's menu, a cart, "Place order", the live status and "Pay now".
 * The server renders it with `initial` (the menu it just read) and the browser hydrates that
 * markup, so the first render on both sides must see the same state: whatever only the browser
 * knows (saved orders, online status) is read in onMount. Offline, the service worker's shell
 * renders it without `initial`, from the menu saved on the last visit.
 */
export function Guest(props: { qr: string; initial?: PublicMenu }) {
  const [menu, setMenu] = createSignal<PublicMenu | null>(
    props.initial ?? (isServer ? null : guestCache.menu(props.qr)),
  );
  const [loadError, setLoadError] = createSignal<string | null>(null);
  const [cart, setCart] = createStore<CartLine[]>([]);
  const [placed, setPlaced] = createStore<Placed[]>([]);
  const [choosing, setChoosing] = createSignal<Product | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [online, setOnline] = createSignal(true);

  /** The table's open bills this phone does not follow yet (a bill the staff brought), live. */
  const follows = (orderId: string) => placed.some((p) => p.order.id === orderId);
  const table = liveTableBills(props.qr, follows);
  const otherBills = () => table.bills.filter((b) => b.order.balance > 0 && !follows(b.order.id));
  const choose = (b: Placed) => {
    // A copy: the list's store object is reconciled on every fetch, "Your orders" keeps its own.
    setPlaced(placed.length, structuredClone(unwrap(b)));
    save();
    follow(b);
  };

  const onOnline = () => setOnline(true);
  const onOffline = () => setOnline(false);
  onMount(() => {
    setOnline(navigator.onLine);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    setPlaced(guestCache.orders(props.qr));
    for (const p of placed) follow(p);
    warmLater();
    // The server's menu is as fresh as it gets: keep it for an offline visit, fetch nothing.
    if (props.initial) guestCache.saveMenu(props.qr, props.initial);
    else loadMenu();
  });
  const loadMenu = () =>
    guestApi.menu(props.qr).then(
      (m) => {
        setMenu(m);
        guestCache.saveMenu(props.qr, m);
        setLoadError(null);
      },
      (e: unknown) => {
        if (!menu()) {
          setLoadError(
            e instanceof GuestError && e.status === 404
              ? 'This QR code is not valid any more. Please ask the staff.'
              : 'The menu could not be loaded. Check your connection.',
          );
        }
      },
    );

  const currency = () => menu()?.tenant.currency ?? 'EUR';
  const catalog = () => menu()?.catalog;
  const totals = createMemo(() => {
    const c = catalog();
    return c ? cartTotals(cart, 'dine_in', c) : null;
  });

  const save = () =>
    guestCache.saveOrders(
      props.qr,
      placed.map((p) => ({ ...p })),
    );

  // Live status of every order placed from this phone at this table. The socket code loads only
  // once there is an order to follow: the menu's first paint does not wait for it.
  const sockets = new Map<string, Promise<RealtimeHandle | null>>();
  let disposed = false;
  const follow = (p: Placed) => {
    if (sockets.has(p.tracking_token) || p.order.status !== 'open') return;
    const refresh = () =>
      guestApi.order(p.tracking_token).then(
        (o) => {
          setPlaced((x) => x.tracking_token === p.tracking_token, 'order', reconcile(o));
          save();
        },
        () => {},
      );
    const live = import('../api/realtime').then(({ connectRealtime, wsUrl }) => {
      if (disposed) return null;
      return connectRealtime({
        url: wsUrl(`/public/orders/${encodeURIComponent(p.tracking_token)}/live`),
        onEvent(e) {
          // A round, a payment or a split on this order can change the table's other bills too.
          table.refresh();
          const d = e.data as { line?: GuestOrderLine };
          if (e.type === 'order.line_status' && d.line) {
            const line = d.line;
            setPlaced(
              (x) => x.tracking_token === p.tracking_token,
              'order',
              'lines',
              (l) => l.id === line.id,
              produce((l) => {
                l.status = line.status;
              }),
            );
            save();
          } else void refresh();
        },
        onResync: () => {
          table.refresh();
          void refresh();
        },
      });
    });
    sockets.set(p.tracking_token, live);
    void refresh();
  };
  // Registered in the browser only: the server disposes its render, and has no window.
  onMount(() =>
    onCleanup(() => {
      disposed = true;
      for (const s of sockets.values()) void s.then((h) => h?.close());
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    }),
  );

  const add = (p: Product, mods: Modifier[], note: string) => {
    const same = cart.findIndex((l) => !note && sameChoice(l, p, mods));
    if (same >= 0) setCart(same, 'quantity', (q) => q + 1);
    else setCart(cart.length, { id: uuid(), product: p, modifiers: mods, quantity: 1, note });
  };
  const pick = (p: Product) => {
    const c = catalog();
    if (!c) return;
    if (groupsOf(p, c).length) setChoosing(p);
    else add(p, [], '');
  };
  const qty = (i: number, by: number) => {
    const q = cart[i]!.quantity + by;
    if (q <= 0) setCart(produce((c) => c.splice(i, 1)));
    else setCart(i, 'quantity', Math.min(99, q));
  };

  const place = async () => {
    if (!cart.length) return;
    setBusy(true);
    setError(null);
    const id = uuid();
    const lines = cart.map((l) => ({
      id: l.id,
      product_id: l.product.id,
      quantity: l.quantity,
      ...(l.modifiers.length ? { modifier_ids: l.modifiers.map((m) => m.id) } : {}),
      ...(l.note ? { note: l.note } : {}),
    }));
    try {
      const result = await guestApi.place(props.qr, { id, lines });
      setPlaced(placed.length, result);
      save();
      setCart([]);
      follow(result);
    } catch (e) {
      setError(
        e instanceof GuestError
          ? e.message
          : 'Your order could not be sent. Check your connection and try again.',
      );
    } finally {
      setBusy(false);
    }
  };

  /** A failed "Pay now" is told beside that button, where the guest is looking. */
  const [payError, setPayError] = createSignal<{ order: string; message: string } | null>(null);
  const pay = async (p: Placed) => {
    setPayError(null);
    try {
      const { checkout_url } = await guestApi.checkout(p.tracking_token);
      localStorage.setItem('comanda.guest.last', location.pathname);
      location.href = checkout_url;
    } catch (e) {
      setPayError({
        order: p.order.id,
        message: e instanceof GuestError ? e.message : 'Paying needs a connection.',
      });
    }
  };

  return (
    <div class="guest">
      <header class="guest-head">
        <h1>{menu()?.tenant.name ?? 'Menu'}</h1>
        <Show when={menu()}>
          <p class="muted">Table {menu()!.table.name}</p>
        </Show>
      </header>
      <Show when={!online()}>
        <div class="offline-banner" role="status">
          You are offline. The menu is from your last visit; ordering needs a connection.
        </div>
      </Show>
      <Show when={loadError()}>
        <p class="error" role="alert">
          {loadError()}
        </p>
      </Show>

      <Show when={placed.length}>
        <YourOrders
          placed={placed}
          currency={currency()}
          onPay={(p) => void pay(p)}
          payError={payError()}
        />
      </Show>

      <TableBills bills={otherBills()} currency={currency()} onChoose={choose} />

      <Show when={catalog()}>
        {(c) => <Menu catalog={c()} currency={currency()} onPick={pick} />}
      </Show>

      <Show when={cart.length}>
        <section class="guest-cart card" aria-label="Your cart">
          <h2>Your cart</h2>
          <ul class="cart-lines">
            <For each={cart}>
              {(l, i) => (
                <li>
                  <div class="line-head">
                    <span class="name">
                      {l.product.name}
                      <Show when={l.modifiers.length}>
                        <small> ({l.modifiers.map((m) => m.name).join(', ')})</small>
                      </Show>
                    </span>
                    <span>{formatMoney(totals()?.lines[i()]?.line_total ?? 0, currency())}</span>
                  </div>
                  <div class="qty">
                    <QtyStepper
                      name={l.product.name}
                      quantity={l.quantity}
                      onChange={(d) => qty(i(), d)}
                    />
                  </div>
                </li>
              )}
            </For>
          </ul>
          <p class="total">Total {formatMoney(totals()?.total ?? 0, currency())}</p>
          <Show when={error()}>
            <p class="error" role="alert">
              {error()}
            </p>
          </Show>
          <Show
            when={menu()?.tenant.qr_ordering !== false}
            fallback={
              <p class="muted">Ordering from the table is off right now: please ask the staff.</p>
            }
          >
            <button
              type="button"
              class="btn primary big"
              disabled={busy() || !online()}
              onClick={() => void place()}
            >
              Place order
            </button>
          </Show>
        </section>
      </Show>
      <Show when={!cart.length && error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>

      <Show when={choosing()}>
        {(p) => (
          <ModifierDialog
            product={p()}
            groups={groupsOf(p(), catalog()!)}
            currency={currency()}
            onClose={() => setChoosing(null)}
            onAdd={(mods, note) => {
              add(p(), mods, note);
              setChoosing(null);
            }}
          />
        )}
      </Show>
    </div>
  );
}

export function mount(el: HTMLElement) {
  const qr = decodeURIComponent(location.pathname.slice(3).split('/')[0] ?? '');
  render(() => <Guest qr={qr} />, el);
}
