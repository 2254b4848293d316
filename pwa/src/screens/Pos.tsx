import { createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import { api } from '../api/client';
import type { Modifier, Order, Product } from '../api/types';
import { ModifierDialog } from '../components/ModifierDialog';
import { Money } from '../components/Money';
import { OrderCard } from '../components/OrderCard';
import { QtyStepper } from '../components/QtyStepper';
import { looksLikeBarcode, WedgeBuffer } from '../lib/barcode';
import {
  type CartLine,
  COURSES,
  cartTotals,
  defaultCourse,
  groupsOf,
  type OrderType,
  sameChoice,
  seatChoices,
} from '../lib/cart';
import { uuid } from '../lib/ids';
import { formatMoney } from '../lib/money';
import { localOrder, orderBody, withLocalLines } from '../offline/orders';
import { useStaff } from '../staff/context';
import { PAYERS } from '../staff/roles';
import { OrderActions } from './OrderActions';
import { PayFlow } from './PayFlow';

/**
 * The staff POS: search, categories and products; the cart (a side panel on tablets, a sheet
 * behind a "count · total" bar on phones) with Send and one-tap Charge; the open orders, each
 * with Pay, Add items and its actions. A barcode scanner (keyboard wedge) adds products anywhere.
 */
export default function Pos() {
  const staff = useStaff();
  const currency = staff.currency;
  const role = staff.session.me.user.role;
  const [category, setCategory] = createSignal<string | null>(null);
  const [query, setQuery] = createSignal('');
  const [cart, setCart] = createStore<CartLine[]>([]);
  const [type, setType] = createSignal<OrderType>('dine_in');
  // The floor plan opens the POS for one table with ?table=ID.
  const [tableId, setTableId] = createSignal(
    new URLSearchParams(location.search).get('table') ?? '',
  );
  const [note, setNote] = createSignal('');
  const [choosing, setChoosing] = createSignal<Product | null>(null);
  const [paying, setPaying] = createSignal<string | null>(null);
  const [managing, setManaging] = createSignal<string | null>(null);
  /** The open order a round is being added to (instead of a new order). */
  const [target, setTarget] = createSignal<string | null>(null);
  const [sheetOpen, setSheetOpen] = createSignal(false);
  /** Phones: the table's tab (its open orders, Fire course) as a sheet over the menu. */
  const [tabOpen, setTabOpen] = createSignal(false);
  const [sentMessage, setSentMessage] = createSignal('');

  // A table's open order is its tab: opened from the floor, the cart adds a round to it.
  const fromFloor = tableId();
  void staff.loadOpenOrders().then(() => {
    if (!fromFloor || target()) return;
    const tab = Object.values(staff.orders)
      .filter((o) => o.status === 'open' && o.table_id === fromFloor)
      .sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
    if (tab) setTarget(tab.id);
  });

  const categories = createMemo(() => {
    const c = staff.catalog();
    if (!c) return [];
    const used = new Set(c.products.map((p) => p.category_id));
    return c.categories.filter((x) => used.has(x.id));
  });
  const activeCategory = () => category() ?? categories()[0]?.id ?? null;
  const products = createMemo(() => {
    const all = staff.catalog()?.products ?? [];
    const q = query().trim().toLowerCase();
    if (q) {
      return all.filter(
        (p) =>
          p.name.toLowerCase().includes(q) ||
          (p.sku ?? '').toLowerCase() === q ||
          (p.barcode ?? '') === q,
      );
    }
    return all.filter((p) => p.category_id === activeCategory());
  });
  const targetOrder = () => {
    const id = target();
    return id ? staff.orders[id] : undefined;
  };
  const orderType = (): OrderType => targetOrder()?.type ?? type();
  const totals = createMemo(() => {
    const c = staff.catalog();
    return c ? cartTotals(cart, orderType(), c) : null;
  });
  const itemCount = () => cart.reduce((s, l) => s + l.quantity, 0);
  const openOrders = createMemo(() =>
    Object.values(staff.orders)
      .filter((o) => o.status === 'open' || Date.now() - Date.parse(o.created_at) < 3600_000)
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .slice(0, 30),
  );
  /** The table being served: the round's order's, else the one the floor opened the POS on. */
  const tabTableId = () => targetOrder()?.table_id ?? fromFloor;
  const tabOrders = createMemo(() => {
    const table = tabTableId();
    if (!table) return [];
    return Object.values(staff.orders)
      .filter((o) => o.status === 'open' && o.table_id === table)
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
  });
  const tabItems = () =>
    tabOrders().reduce(
      (n, o) => n + o.lines.filter((l) => !l.voided).reduce((m, l) => m + l.quantity, 0),
      0,
    );
  const pendingIds = createMemo(() => new Set(staff.pending().map((p) => p.id)));
  const refused = createMemo(() => staff.pending().filter((p) => p.failed));

  /** The table the cart goes to: the round's order's, else the one chosen for a new order. */
  const cartTable = () => {
    const id = targetOrder()?.table_id ?? (orderType() === 'dine_in' ? tableId() : '');
    return id ? staff.tables().find((t) => t.id === id) : undefined;
  };

  const addLine = (product: Product, modifiers: Modifier[], lineNote: string) => {
    // A new line starts with no seat and its category's course: a counter sale needs no tap.
    const course = defaultCourse(product, staff.catalog() ?? { categories: [] });
    const same = cart.findIndex((l) => !lineNote && sameChoice(l, product, modifiers, course));
    if (same >= 0) setCart(same, 'quantity', (q) => Math.min(999, q + 1));
    else {
      setCart(cart.length, {
        id: uuid(),
        product,
        modifiers,
        quantity: 1,
        note: lineNote,
        seat: null,
        course,
      });
    }
    setSentMessage(`Added ${product.name}.`);
  };

  const pick = (p: Product) => {
    const c = staff.catalog();
    if (!c || p.available === false) return;
    if (groupsOf(p, c).length) setChoosing(p);
    else addLine(p, [], '');
  };

  /** A scanned or typed barcode: the server's answer first, the cached catalog offline. */
  const addByBarcode = async (code: string) => {
    const c = staff.catalog();
    if (!c) return;
    let id: string | undefined;
    try {
      const page = await api<{ data: { id: string }[] }>(
        'GET',
        `/products?barcode=${encodeURIComponent(code)}`,
      );
      id = page.data[0]?.id;
    } catch {
      id = c.products.find((p) => p.barcode === code)?.id;
    }
    const product = id ? c.products.find((p) => p.id === id) : undefined;
    if (!product) {
      setSentMessage(`No product has the barcode ${code}.`);
      return;
    }
    if (product.available === false) {
      setSentMessage(`${product.name} is sold out.`);
      return;
    }
    // A scan adds at once unless a choice is required (a size, say): then the dialog asks.
    if (groupsOf(product, c).every((g) => g.min === 0)) addLine(product, [], '');
    else pick(product);
  };

  const wedge = new WedgeBuffer();
  const onKey = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement | null;
    // Typing into a field is the field's business (the search box handles Enter itself).
    if (t?.closest('input, textarea, select, dialog')) return;
    const code = wedge.push(e.key, e.timeStamp || performance.now());
    if (code) {
      e.preventDefault();
      void addByBarcode(code);
    }
  };
  document.addEventListener('keydown', onKey);
  onCleanup(() => document.removeEventListener('keydown', onKey));

  const changeQty = (i: number, by: number) => {
    const q = cart[i]!.quantity + by;
    if (q <= 0) setCart(produce((c) => c.splice(i, 1)));
    else setCart(i, 'quantity', Math.min(999, q));
  };

  const clearCart = () => {
    setCart([]);
    setNote('');
    // A new order starts without a table: the last one's table is not the next guest's.
    setTableId('');
    setTarget(null);
  };

  /** Queues the cart as a new order (or as a round on the target order); answers its id. */
  const submit = async (): Promise<string | null> => {
    const c = staff.catalog();
    if (!c || cart.length === 0) return null;
    const items = itemCount();
    const onto = targetOrder();
    if (onto) {
      const body = orderBody(onto.id, [...cart], onto.type ?? 'dine_in', null, '', c);
      const unsent = staff.pending().some((p) => p.id === onto.id);
      staff.setOrders(onto.id, withLocalLines(onto, [...cart], c));
      clearCart();
      setSentMessage(
        staff.online()
          ? `Added to #${onto.ticket_number || 'new order'}.`
          : 'Saved on this device: it goes out when online.',
      );
      await staff.outbox.enqueue({
        id: uuid(),
        kind: 'lines',
        path: `/orders/${onto.id}/lines`,
        body: { lines: body.lines },
        ...(unsent ? { after: onto.id } : {}),
        label: `Round · ${items} ${items === 1 ? 'item' : 'items'}`,
      });
      return onto.id;
    }
    const id = uuid();
    const body = orderBody(id, [...cart], type(), tableId() || null, note().trim(), c);
    staff.setOrders(id, localOrder(body, [...cart], c));
    clearCart();
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
    return id;
  };

  const send = async () => {
    await submit();
    setSheetOpen(false);
  };

  /** Counter service in one tap: the order is made and the payment dialog opens on it. */
  const charge = async () => {
    const id = await submit();
    setSheetOpen(false);
    if (id) setPaying(id);
  };

  const addTo = (o: Order) => {
    setTarget(o.id);
    setSentMessage('');
    setSheetOpen(false);
    setTabOpen(false);
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
  const cartTitle = () => {
    const o = targetOrder();
    return o ? `Add to #${o.ticket_number || 'new order'}` : 'Order';
  };

  return (
    <div class="pos" classList={{ 'sheet-open': sheetOpen(), 'tab-open': tabOpen() }}>
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
          <input
            type="search"
            class="search"
            aria-label="Search products or scan a barcode"
            placeholder="Search or scan"
            value={query()}
            onInput={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              const q = query().trim();
              if (looksLikeBarcode(q)) {
                e.preventDefault();
                setQuery('');
                void addByBarcode(q);
              } else if (products().length === 1) {
                pick(products()[0]!);
                setQuery('');
              }
            }}
          />
          <Show when={!query().trim()}>
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
          </Show>
          <section class="grid" aria-label={query().trim() ? 'Search results' : 'Products'}>
            <For
              each={products()}
              fallback={<p class="muted">No product matches “{query().trim()}”.</p>}
            >
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
                    {p.available === false ? 'Sold out' : formatMoney(p.price, currency())}
                  </span>
                </button>
              )}
            </For>
          </section>
        </Show>
      </section>

      {/* Phones: the cart is a sheet; this bar shows what is in it and opens it. */}
      <div class="cart-bar">
        {/* At a table, its tab is one tap away too (on a phone it is below the whole menu). */}
        <Show when={tabOrders().length}>
          <button
            type="button"
            class="btn big tab-button"
            aria-expanded={tabOpen()}
            aria-controls="pos-orders"
            onClick={() => setTabOpen(true)}
          >
            Tab · {tabItems()} {tabItems() === 1 ? 'item' : 'items'}
          </button>
        </Show>
        <button
          type="button"
          class="btn primary big"
          aria-expanded={sheetOpen()}
          aria-controls="pos-cart"
          onClick={() => setSheetOpen(true)}
        >
          <span>
            {target() ? cartTitle() : 'Cart'} · {itemCount()} {itemCount() === 1 ? 'item' : 'items'}
          </span>
          <Money amount={totals()?.total ?? 0} currency={currency()} />
        </button>
      </div>

      <section class="cart card" id="pos-cart" aria-label="Cart">
        <div class="cart-head">
          <h2>{cartTitle()}</h2>
          <Show when={target()}>
            <button type="button" class="btn" onClick={() => setTarget(null)}>
              New order instead
            </button>
          </Show>
          <button
            type="button"
            class="btn ghost sheet-close"
            aria-label="Close the cart"
            onClick={() => setSheetOpen(false)}
          >
            ×
          </button>
        </div>
        <div class="cart-body">
          <Show when={!target()}>
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
          </Show>
          <Show when={cart.length} fallback={<p class="muted">Tap a product to add it.</p>}>
            <ul class="cart-lines">
              <For each={cart}>
                {(l, i) => (
                  <li>
                    <div class="line-head">
                      <span class="name">{l.product.name}</span>
                      <Money amount={totals()?.lines[i()]?.line_total ?? 0} currency={currency()} />
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
                    <Show when={cartTable()}>
                      {(t) => (
                        <div class="line-place">
                          <select
                            aria-label={`Seat for ${l.product.name}`}
                            value={l.seat ? String(l.seat) : ''}
                            onChange={(e) =>
                              setCart(i(), 'seat', Number(e.currentTarget.value) || null)
                            }
                          >
                            <option value="" selected={!l.seat}>
                              No seat
                            </option>
                            <For each={seatChoices(t().seats, l.seat)}>
                              {(n) => (
                                <option value={String(n)} selected={l.seat === n}>
                                  Seat {n}
                                </option>
                              )}
                            </For>
                          </select>
                          <select
                            aria-label={`Course for ${l.product.name}`}
                            value={String(l.course ?? 1)}
                            onChange={(e) => setCart(i(), 'course', Number(e.currentTarget.value))}
                          >
                            <For each={COURSES}>
                              {(n) => (
                                <option value={String(n)} selected={(l.course ?? 1) === n}>
                                  Course {n}
                                </option>
                              )}
                            </For>
                          </select>
                        </div>
                      )}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <Show when={!target()}>
            <label class="field">
              <span>Order note</span>
              <input
                type="text"
                maxLength={500}
                value={note()}
                onInput={(e) => setNote(e.currentTarget.value)}
              />
            </label>
          </Show>
        </div>
        <div class="cart-foot">
          <dl class="totals">
            <Show when={!staff.catalog()?.tax_inclusive}>
              <dt>Tax</dt>
              <dd>
                <Money amount={totals()?.tax_total ?? 0} currency={currency()} />
              </dd>
            </Show>
            <dt>Total</dt>
            <dd class="total">
              <Money amount={totals()?.total ?? 0} currency={currency()} />
            </dd>
          </dl>
          <div class="cart-actions">
            <button
              type="button"
              class="btn big"
              disabled={!cart.length || role === 'kitchen'}
              onClick={() => void send()}
            >
              {target() ? cartTitle() : 'Send to kitchen'}
            </button>
            <Show when={PAYERS.includes(role) && !target()}>
              <button
                type="button"
                class="btn primary big"
                disabled={!cart.length}
                onClick={() => void charge()}
              >
                Charge {formatMoney(totals()?.total ?? 0, currency())}
              </button>
            </Show>
          </div>
          <p role="status" class="muted cart-status">
            {sentMessage()}
          </p>
        </div>
      </section>

      <section class="orders" id="pos-orders" aria-label={tabOpen() ? 'Tab' : 'Orders'}>
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
        <div class="orders-head">
          <h2>
            {tabOpen()
              ? `Tab · ${staff.tables().find((t) => t.id === tabTableId())?.name ?? 'table'}`
              : 'Open orders'}
          </h2>
          <Show when={tabOpen()}>
            <button
              type="button"
              class="btn ghost sheet-close"
              aria-label="Close the tab"
              onClick={() => setTabOpen(false)}
            >
              ×
            </button>
          </Show>
        </div>
        <Show
          when={(tabOpen() ? tabOrders() : openOrders()).length}
          fallback={<p class="muted">No open orders.</p>}
        >
          <For each={tabOpen() ? tabOrders() : openOrders()}>
            {(o) => (
              <OrderCard
                order={o}
                currency={currency()}
                tableName={tableName(o)}
                unsent={pendingIds().has(o.id)}
                onPay={() => setPaying(o.id)}
                onAdd={() => addTo(o)}
                onManage={() => setManaging(o.id)}
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
            currency={currency()}
            onClose={() => setChoosing(null)}
            onAdd={(mods, lineNote) => {
              addLine(p(), mods, lineNote);
              setChoosing(null);
            }}
          />
        )}
      </Show>
      {/* Keyed: the flow starts from its order, so another order is a new flow. */}
      <Show when={paying()} keyed>
        {(id) => <PayFlow orderId={id} onClose={() => setPaying(null)} onActions={setManaging} />}
      </Show>
      <Show when={managing()}>
        {(id) => <OrderActions orderId={id()} onClose={() => setManaging(null)} />}
      </Show>
    </div>
  );
}
