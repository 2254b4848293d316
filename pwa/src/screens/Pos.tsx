import { createMemo, createSignal, For, Show } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import type { Modifier, Order, Product } from '../api/types';
import { ModifierDialog } from '../components/ModifierDialog';
import { Money } from '../components/Money';
import { OrderCard } from '../components/OrderCard';
import { QtyStepper } from '../components/QtyStepper';
import { type CartLine, cartTotals, groupsOf, type OrderType, sameChoice } from '../lib/cart';
import { uuid } from '../lib/ids';
import { formatMoney } from '../lib/money';
import { localOrder, orderBody } from '../offline/orders';
import { useStaff } from '../staff/context';
import { Payment } from './Payment';

/** The staff POS: categories, products, the cart, and the orders on their way. */
export default function Pos() {
  const staff = useStaff();
  const currency = staff.currency;
  const [category, setCategory] = createSignal<string | null>(null);
  const [cart, setCart] = createStore<CartLine[]>([]);
  const [type, setType] = createSignal<OrderType>('dine_in');
  // The floor plan opens the POS for one table with ?table=ID.
  const [tableId, setTableId] = createSignal(
    new URLSearchParams(location.search).get('table') ?? '',
  );
  const [note, setNote] = createSignal('');
  const [choosing, setChoosing] = createSignal<Product | null>(null);
  const [paying, setPaying] = createSignal<string | null>(null);
  const [sentMessage, setSentMessage] = createSignal('');

  void staff.loadOpenOrders();

  const categories = createMemo(() => {
    const c = staff.catalog();
    if (!c) return [];
    const used = new Set(c.products.map((p) => p.category_id));
    return c.categories.filter((x) => used.has(x.id));
  });
  const activeCategory = () => category() ?? categories()[0]?.id ?? null;
  const products = createMemo(() =>
    (staff.catalog()?.products ?? []).filter((p) => p.category_id === activeCategory()),
  );
  const totals = createMemo(() => {
    const c = staff.catalog();
    return c ? cartTotals(cart, type(), c) : null;
  });
  const openOrders = createMemo(() =>
    Object.values(staff.orders)
      .filter((o) => o.status === 'open' || Date.now() - Date.parse(o.created_at) < 3600_000)
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .slice(0, 30),
  );
  const pendingIds = createMemo(() => new Set(staff.pending().map((p) => p.id)));
  const refused = createMemo(() => staff.pending().filter((p) => p.failed));

  const addLine = (product: Product, modifiers: Modifier[], lineNote: string) => {
    const same = cart.findIndex((l) => !lineNote && sameChoice(l, product, modifiers));
    if (same >= 0) setCart(same, 'quantity', (q) => Math.min(999, q + 1));
    else setCart(cart.length, { id: uuid(), product, modifiers, quantity: 1, note: lineNote });
    setSentMessage('');
  };

  const pick = (p: Product) => {
    const c = staff.catalog();
    if (!c || p.available === false) return;
    if (groupsOf(p, c).length) setChoosing(p);
    else addLine(p, [], '');
  };

  const changeQty = (i: number, by: number) => {
    const q = cart[i]!.quantity + by;
    if (q <= 0) setCart(produce((c) => c.splice(i, 1)));
    else setCart(i, 'quantity', Math.min(999, q));
  };

  const send = async () => {
    const c = staff.catalog();
    if (!c || cart.length === 0) return;
    const id = uuid();
    const body = orderBody(id, [...cart], type(), tableId() || null, note().trim(), c);
    const local = localOrder(body, [...cart], c);
    staff.setOrders(id, local);
    const items = cart.reduce((s, l) => s + l.quantity, 0);
    setCart([]);
    setNote('');
    setSentMessage(
      staff.online() ? 'Sent to the kitchen.' : 'Saved on this device: it goes out when online.',
    );
    await staff.outbox.enqueue({
      id,
      kind: 'order',
      path: '/orders',
      body,
      label: `Order · ${items} ${items === 1 ? 'item' : 'items'}`,
    });
  };

  /** Arrow keys, Home and End move between category tabs (the WAI-ARIA tabs pattern). */
  const tabKeys = (e: KeyboardEvent) => {
    const list = categories();
    const i = list.findIndex((c) => c.id === activeCategory());
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % list.length
        : e.key === 'ArrowLeft'
          ? (i - 1 + list.length) % list.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? list.length - 1
              : -1;
    if (to < 0 || !list[to]) return;
    e.preventDefault();
    setCategory(list[to].id);
    const tabs = (e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="tab"]');
    tabs[to]?.focus();
  };

  const tableName = (o: Order) => staff.tables().find((t) => t.id === o.table_id)?.name;

  return (
    <div class="pos">
      <section class="menu" aria-label="Menu">
        <Show
          when={staff.catalog()}
          fallback={
            <p role="status">
              {staff.catalogError()
                ? `Menu unavailable: ${staff.catalogError()}`
                : 'Loading the menu…'}
            </p>
          }
        >
          <div class="tabs" role="tablist" aria-label="Categories" onKeyDown={tabKeys}>
            <For each={categories()}>
              {(c) => (
                <button
                  type="button"
                  role="tab"
                  class="tab"
                  aria-selected={activeCategory() === c.id}
                  tabIndex={activeCategory() === c.id ? 0 : -1}
                  onClick={() => setCategory(c.id)}
                >
                  {c.name}
                </button>
              )}
            </For>
          </div>
          <div class="grid" role="tabpanel" aria-label="Products">
            <For each={products()}>
              {(p) => (
                <button
                  type="button"
                  class="product"
                  disabled={p.available === false}
                  onClick={() => pick(p)}
                >
                  <Show
                    when={p.thumbnail_url}
                    fallback={
                      <span class="initial" aria-hidden="true">
                        {p.name.slice(0, 1)}
                      </span>
                    }
                  >
                    <img src={p.thumbnail_url!} alt="" loading="lazy" width="80" height="80" />
                  </Show>
                  <span class="name">{p.name}</span>
                  <span class="price">
                    {p.available === false ? 'Sold out' : formatMoney(p.price, currency)}
                  </span>
                </button>
              )}
            </For>
          </div>
        </Show>
      </section>

      <section class="cart card" aria-label="Cart">
        <h2>Order</h2>
        <fieldset class="order-type">
          <legend class="sr-only">Order type</legend>
          <label>
            <input
              type="radio"
              name="order-type"
              checked={type() === 'dine_in'}
              onChange={() => setType('dine_in')}
            />
            Dine in
          </label>
          <label>
            <input
              type="radio"
              name="order-type"
              checked={type() === 'takeaway'}
              onChange={() => setType('takeaway')}
            />
            Takeaway
          </label>
        </fieldset>
        <Show when={type() === 'dine_in'}>
          <label class="field">
            <span>Table</span>
            <select value={tableId()} onChange={(e) => setTableId(e.currentTarget.value)}>
              <option value="">No table</option>
              <For each={staff.tables()}>{(t) => <option value={t.id}>{t.name}</option>}</For>
            </select>
          </label>
        </Show>
        <Show when={cart.length} fallback={<p class="muted">Tap a product to add it.</p>}>
          <ul class="cart-lines">
            <For each={cart}>
              {(l, i) => (
                <li>
                  <div class="line-head">
                    <span class="name">{l.product.name}</span>
                    <Money amount={totals()?.lines[i()]?.line_total ?? 0} currency={currency} />
                  </div>
                  <Show when={l.modifiers.length}>
                    <div class="mods">{l.modifiers.map((m) => m.name).join(', ')}</div>
                  </Show>
                  <div class="qty">
                    <QtyStepper
                      name={l.product.name}
                      quantity={l.quantity}
                      onChange={(d) => changeQty(i(), d)}
                    />
                    <input
                      type="text"
                      class="line-note"
                      maxLength={500}
                      aria-label={`Note for ${l.product.name}`}
                      placeholder="Note"
                      value={l.note}
                      onInput={(e) => setCart(i(), 'note', e.currentTarget.value)}
                    />
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <label class="field">
          <span>Order note</span>
          <input
            type="text"
            maxLength={500}
            value={note()}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        </label>
        <dl class="totals">
          <Show when={!staff.catalog()?.tax_inclusive}>
            <dt>Tax</dt>
            <dd>
              <Money amount={totals()?.tax_total ?? 0} currency={currency} />
            </dd>
          </Show>
          <dt>Total</dt>
          <dd class="total">
            <Money amount={totals()?.total ?? 0} currency={currency} />
          </dd>
        </dl>
        <button
          type="button"
          class="btn primary big"
          disabled={!cart.length || staff.session.me.user.role === 'kitchen'}
          onClick={() => void send()}
        >
          Send to kitchen
        </button>
        <p role="status" class="muted">
          {sentMessage()}
        </p>
      </section>

      <section class="orders" aria-label="Orders">
        <Show when={refused().length}>
          <div class="card refused" role="alert">
            <h2>Refused by the server</h2>
            <For each={refused()}>
              {(item) => (
                <p>
                  {item.label}: {item.last_error}{' '}
                  <button
                    type="button"
                    class="btn small"
                    onClick={() => {
                      void staff.outbox.discard(item.seq!);
                      // A refused order never existed on the server: drop its local copy too.
                      if (item.kind === 'order') staff.setOrders(item.id, undefined!);
                    }}
                  >
                    Dismiss {item.label}
                  </button>
                </p>
              )}
            </For>
          </div>
        </Show>
        <h2>Orders</h2>
        <Show when={openOrders().length} fallback={<p class="muted">No open orders.</p>}>
          <For each={openOrders()}>
            {(o) => (
              <OrderCard
                order={o}
                currency={currency}
                tableName={tableName(o)}
                unsent={pendingIds().has(o.id)}
                onPay={() => setPaying(o.id)}
              />
            )}
          </For>
        </Show>
      </section>

      <Show when={choosing()}>
        {(p) => (
          <ModifierDialog
            product={p()}
            groups={groupsOf(p(), staff.catalog()!)}
            currency={currency}
            onClose={() => setChoosing(null)}
            onAdd={(mods, lineNote) => {
              addLine(p(), mods, lineNote);
              setChoosing(null);
            }}
          />
        )}
      </Show>
      <Show when={paying()}>
        {(id) => <Payment orderId={id()} onClose={() => setPaying(null)} />}
      </Show>
    </div>
  );
}
