import { useNavigate } from '@solidjs/router';
import {
  createEffect,
  createMemo,
  createSignal,
  For,
  Match,
  on,
  onCleanup,
  Show,
  Switch,
} from 'solid-js';
import { api } from '../api/client';
import type { Order } from '../api/types';
import { Dialog } from '../components/Dialog';
import { Money } from '../components/Money';
import { uuid } from '../lib/ids';
import {
  age,
  applyLocalMerge,
  applyLocalMove,
  applyTableUpdate,
  type FloorArea,
  type FloorTable,
  loadCachedFloor,
  saveCachedFloor,
  statusLabel,
} from '../offline/floor';
import { useStaff } from '../staff/context';
import { PAYERS } from '../staff/roles';
import { PayFlow } from './PayFlow';
import './floor.css';

type Sheet = { tableId: string; mode: 'menu' | 'move' | 'merge'; orderId?: string };

/**
 * The floor plan: areas as tabs, tables where the owner placed them, coloured by status with
 * how long they have been busy. Tap a table (or long-press it) for its orders: open one, start
 * one, pay, split, move it to another table or merge another tab into it. Live from
 * `table.updated` events; offline it shows the last floor it saw and queues moves and merges.
 */
export default function Floor() {
  const staff = useStaff();
  const navigate = useNavigate();
  const tenantId = staff.session.me.tenant.id;
  const currency = staff.currency;
  const canPay = PAYERS.includes(staff.session.me.user.role);
  const canWrite = staff.session.me.user.role !== 'kitchen';
  const [areas, setAreas] = createSignal<FloorArea[]>(loadCachedFloor(tenantId));
  const [areaIndex, setAreaIndex] = createSignal(0);
  const [now, setNow] = createSignal(Date.now());
  const [sheet, setSheet] = createSignal<Sheet | null>(null);
  /** The order being paid or split (the payment dialog can switch to the split screen). */
  const [paying, setPaying] = createSignal<{ id: string; split: boolean } | null>(null);
  const [message, setMessage] = createSignal('');

  const save = (next: FloorArea[]) => {
    setAreas(next);
    saveCachedFloor(tenantId, next);
  };
  const load = async () => {
    try {
      save((await api<{ areas: FloorArea[] }>('GET', '/floor')).areas);
    } catch {
      // offline: the last floor we saw
    }
  };
  void load();
  void staff.loadOpenOrders();
  // Back online (or the socket reconnected): what we missed may not all have come as events.
  createEffect(on(staff.live, (l) => l === 'live' && void load(), { defer: true }));
  const off = staff.onEvent((e) => {
    if (e.type !== 'table.updated') return;
    const d = e.data as { table: FloorTable | { id: string; deleted: true } };
    if ('deleted' in d.table || 'status' in d.table) save(applyTableUpdate(areas(), d.table));
  });
  const tick = setInterval(() => setNow(Date.now()), 15_000);
  onCleanup(() => {
    off();
    clearInterval(tick);
  });

  const current = createMemo(() => areas()[Math.min(areaIndex(), areas().length - 1)]);
  const allTables = createMemo(() => areas().flatMap((a) => a.tables));
  const tableOf = (id: string) => allTables().find((t) => t.id === id);
  const openTable = () => {
    const s = sheet();
    return s ? tableOf(s.tableId) : undefined;
  };

  /** The full order for the payment and split screens (the floor only has summaries). */
  const withOrder = async (id: string, then: (id: string) => void) => {
    if (!staff.orders[id]) {
      try {
        const o = await api<Order>('GET', `/orders/${id}`);
        staff.setOrders(o.id, o);
      } catch {
        setMessage('That order is not on this device yet; try again when online.');
        return;
      }
    }
    setSheet(null);
    then(id);
  };

  const unsent = (orderId: string) => staff.pending().some((p) => p.id === orderId);

  const move = async (orderId: string, to: FloorTable) => {
    const ticket = allTables()
      .flatMap((t) => t.orders)
      .find((o) => o.id === orderId)?.ticket_number;
    save(applyLocalMove(areas(), orderId, to.id));
    setSheet(null);
    setMessage(`Moved #${ticket} to ${to.name}.`);
    await staff.outbox.enqueue({
      id: uuid(),
      kind: 'action',
      path: `/orders/${orderId}/move`,
      body: { table_id: to.id },
      ...(unsent(orderId) ? { after: orderId } : {}),
      label: `Move #${ticket} to ${to.name}`,
    });
  };

  const merge = async (targetId: string, sourceId: string) => {
    const orders = allTables().flatMap((t) => t.orders);
    const target = orders.find((o) => o.id === targetId);
    const source = orders.find((o) => o.id === sourceId);
    save(applyLocalMerge(areas(), targetId, [sourceId]));
    setSheet(null);
    setMessage(`Merged #${source?.ticket_number} into #${target?.ticket_number}.`);
    await staff.outbox.enqueue({
      id: uuid(),
      kind: 'action',
      path: `/orders/${targetId}/merge`,
      body: { order_ids: [sourceId] },
      ...(unsent(sourceId) ? { after: sourceId } : {}),
      label: `Merge #${source?.ticket_number} into #${target?.ticket_number}`,
    });
  };

  /** Long-press (or a right click) opens the same sheet: touch has no hover to discover it. */
  let pressTimer: ReturnType<typeof setTimeout> | undefined;
  const press = (t: FloorTable) => {
    clearTimeout(pressTimer);
    pressTimer = setTimeout(() => setSheet({ tableId: t.id, mode: 'menu' }), 500);
  };
  const release = () => clearTimeout(pressTimer);

  const tabKeys = (e: KeyboardEvent) => {
    const n = areas().length;
    const i = areaIndex();
    const to = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i - 1 + n) % n : -1;
    if (to < 0) return;
    e.preventDefault();
    setAreaIndex(to);
    (e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="tab"]')[to]?.focus();
  };

  return (
    <div class="floor">
      <Show
        when={areas().length}
        fallback={
          <p class="muted" role="status">
            No tables yet. An owner adds them under Admin, Tables.
          </p>
        }
      >
        <div class="tabs" role="tablist" aria-label="Areas" onKeyDown={tabKeys}>
          <For each={areas()}>
            {(a, i) => (
              <button
                type="button"
                role="tab"
                class="tab"
                aria-selected={areaIndex() === i()}
                tabIndex={areaIndex() === i() ? 0 : -1}
                onClick={() => setAreaIndex(i())}
              >
                {a.name ?? 'Floor'}
              </button>
            )}
          </For>
        </div>
        <div
          class="floor-canvas"
          role="tabpanel"
          aria-label={`Tables: ${current()?.name ?? 'Floor'}`}
        >
          <For each={current()?.tables ?? []}>
            {(t) => (
              <button
                type="button"
                class={`floor-table status-${t.status} shape-${t.layout.shape}`}
                style={{
                  left: `${t.layout.x}%`,
                  top: `${t.layout.y}%`,
                  width: `${t.layout.w}%`,
                  height: `${t.layout.h}%`,
                  ...(t.layout.rotation ? { transform: `rotate(${t.layout.rotation}deg)` } : {}),
                }}
                aria-label={`${t.name}, ${statusLabel[t.status]}${t.since ? `, ${age(t.since, now())}` : ''}`}
                onClick={() => setSheet({ tableId: t.id, mode: 'menu' })}
                onPointerDown={() => press(t)}
                onPointerUp={release}
                onPointerLeave={release}
                onContextMenu={(e) => {
                  e.preventDefault();
                  setSheet({ tableId: t.id, mode: 'menu' });
                }}
              >
                <span class="ft-name">{t.name}</span>
                <Show when={t.since}>
                  <span class="ft-age">{age(t.since, now())}</span>
                </Show>
              </button>
            )}
          </For>
        </div>
        <ul class="floor-legend" aria-label="Colours">
          <For each={['free', 'ordered', 'served', 'billing', 'paid'] as const}>
            {(s) => (
              <li>
                <span class={`swatch status-${s}`} aria-hidden="true" />
                {statusLabel[s]}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <p role="status" class="muted">
        {message()}
      </p>

      <Show when={openTable()}>
        {(t) => (
          <Dialog title={`Table ${t().name}`} onClose={() => setSheet(null)} class="table-sheet">
            <p>
              <span class={`pill status-${t().status}`}>{statusLabel[t().status]}</span>{' '}
              <Show when={t().since}>
                <span class="muted">for {age(t().since, now())}</span>
              </Show>
              <Show when={t().seats}>
                <span class="muted"> · {t().seats} seats</span>
              </Show>
            </p>
            <Switch>
              <Match when={sheet()?.mode === 'menu'}>
                <Show when={t().orders.length} fallback={<p class="muted">No open order.</p>}>
                  <ul class="sheet-orders">
                    <For each={t().orders}>
                      {(o) => (
                        <li>
                          <div class="line-head">
                            <strong>#{o.ticket_number}</strong>
                            <span>
                              Due <Money amount={o.balance} currency={currency()} />
                            </span>
                          </div>
                          <div class="row wrap">
                            <Show when={canPay && o.balance > 0}>
                              <button
                                type="button"
                                class="btn primary"
                                onClick={() =>
                                  void withOrder(o.id, (id) => setPaying({ id, split: false }))
                                }
                              >
                                Pay #{o.ticket_number}
                              </button>
                            </Show>
                            <Show when={canWrite && o.balance > 0}>
                              <button
                                type="button"
                                class="btn"
                                onClick={() =>
                                  void withOrder(o.id, (id) => setPaying({ id, split: true }))
                                }
                              >
                                Split #{o.ticket_number}
                              </button>
                              <button
                                type="button"
                                class="btn"
                                onClick={() =>
                                  setSheet({ tableId: t().id, mode: 'move', orderId: o.id })
                                }
                              >
                                Move #{o.ticket_number}
                              </button>
                              <button
                                type="button"
                                class="btn"
                                onClick={() =>
                                  setSheet({ tableId: t().id, mode: 'merge', orderId: o.id })
                                }
                              >
                                Merge into #{o.ticket_number}
                              </button>
                            </Show>
                          </div>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <Show when={canWrite}>
                  <button
                    type="button"
                    class="btn primary big"
                    onClick={() => navigate(`/pos?table=${t().id}`)}
                  >
                    {t().orders.length
                      ? `Add a round at ${t().name}`
                      : `Start an order at ${t().name}`}
                  </button>
                </Show>
              </Match>
              <Match when={sheet()?.mode === 'move'}>
                <p>Move to which table?</p>
                <div class="row wrap">
                  <For each={allTables().filter((x) => x.id !== t().id)}>
                    {(x) => (
                      <button
                        type="button"
                        class={`btn status-${x.status}`}
                        onClick={() => void move(sheet()!.orderId!, x)}
                      >
                        Move to {x.name}
                      </button>
                    )}
                  </For>
                </div>
                <button
                  type="button"
                  class="btn"
                  onClick={() => setSheet({ ...sheet()!, mode: 'menu' })}
                >
                  Back
                </button>
              </Match>
              <Match when={sheet()?.mode === 'merge'}>
                <p>Which tab joins this one?</p>
                <div class="row wrap">
                  <For
                    each={allTables().flatMap((x) =>
                      x.orders
                        .filter((o) => o.id !== sheet()?.orderId && o.balance === o.total)
                        .map((o) => ({ table: x, order: o })),
                    )}
                    fallback={<p class="muted">No other open tab without payments.</p>}
                  >
                    {(c) => (
                      <button
                        type="button"
                        class="btn"
                        onClick={() => void merge(sheet()!.orderId!, c.order.id)}
                      >
                        Merge #{c.order.ticket_number} ({c.table.name})
                      </button>
                    )}
                  </For>
                </div>
                <button
                  type="button"
                  class="btn"
                  onClick={() => setSheet({ ...sheet()!, mode: 'menu' })}
                >
                  Back
                </button>
              </Match>
            </Switch>
          </Dialog>
        )}
      </Show>
      <Show when={paying()} keyed>
        {(p) => <PayFlow orderId={p.id} split={p.split} onClose={() => setPaying(null)} />}
      </Show>
    </div>
  );
}
