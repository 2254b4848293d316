import { createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import { createStore, produce, reconcile } from 'solid-js/store';
import { render } from 'solid-js/web';
import { connectRealtime, wsUrl } from '../api/realtime';
import type { Modifier, OrderLine, Product, PublicMenu } from '../api/types';
import { LineStatuses } from '../components/LineStatuses';
import { ModifierDialog } from '../components/ModifierDialog';
import { QtyStepper } from '../components/QtyStepper';
import { type CartLine, cartTotals, groupsOf, sameChoice } from '../lib/cart';
import { uuid } from '../lib/ids';
import { formatMoney } from '../lib/money';
import { GuestError, guestApi, guestCache, type Placed } from './api';

/** /t/{qr_token}: the table's menu, a cart, "Place order", the live status and "Pay now". */
export function Guest(props: { qr: string }) {
  const [menu, setMenu] = createSignal<PublicMenu | null>(guestCache.menu(props.qr));
  const [loadError, setLoadError] = createSignal<string | null>(null);
  const [cart, setCart] = createStore<CartLine[]>([]);
  const [placed, setPlaced] = createStore<Placed[]>(guestCache.orders(props.qr));
  const [choosing, setChoosing] = createSignal<Product | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [online, setOnline] = createSignal(navigator.onLine);

  const onOnline = () => setOnline(true);
  const onOffline = () => setOnline(false);
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);

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

  // Live status of every order placed from this phone at this table.
  const sockets = new Map<string, { close(): void }>();
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
    sockets.set(
      p.tracking_token,
      connectRealtime({
        url: wsUrl(`/public/orders/${encodeURIComponent(p.tracking_token)}/live`),
        onEvent(e) {
          const d = e.data as { line?: OrderLine };
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
        onResync: () => void refresh(),
      }),
    );
    void refresh();
  };
  for (const p of placed) follow(p);
  onCleanup(() => {
    for (const s of sockets.values()) s.close();
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
  });

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
        <section class="card" aria-label="Your orders">
          <h2>Your orders</h2>
          <For each={[...placed].reverse()}>
            {(p) => (
              <article class="order-card" aria-label={`Order #${p.order.ticket_number}`}>
                <header>
                  <strong>Order #{p.order.ticket_number}</strong>
                  <span class={`pill status-${p.order.status}`}>{p.order.status}</span>
                </header>
                <LineStatuses lines={p.order.lines} />
                <footer>
                  <span>Total {formatMoney(p.order.total, currency())}</span>
                  <Show when={p.order.status === 'open' && p.order.balance > 0}>
                    <button type="button" class="btn primary" onClick={() => void pay(p)}>
                      Pay now
                    </button>
                  </Show>
                </footer>
                <Show when={payError()?.order === p.order.id}>
                  <p class="error" role="alert">
                    {payError()?.message}
                  </p>
                </Show>
              </article>
            )}
          </For>
        </section>
      </Show>

      <Show when={catalog()}>
        {(c) => (
          <For each={c().categories}>
            {(cat) => (
              <section class="guest-category" aria-labelledby={`cat-${cat.id}`}>
                <h2 id={`cat-${cat.id}`}>{cat.name}</h2>
                <div class="grid">
                  <For each={c().products.filter((p) => p.category_id === cat.id)}>
                    {(p) => (
                      <button type="button" class="product" onClick={() => pick(p)}>
                        <Show when={p.thumbnail_url}>
                          <img
                            src={p.thumbnail_url!}
                            alt=""
                            loading="lazy"
                            width="80"
                            height="80"
                          />
                        </Show>
                        <span class="name">{p.name}</span>
                        <Show when={p.description}>
                          <span class="desc">{p.description}</span>
                        </Show>
                        <span class="price">{formatMoney(p.price, currency())}</span>
                      </button>
                    )}
                  </For>
                </div>
              </section>
            )}
          </For>
        )}
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
