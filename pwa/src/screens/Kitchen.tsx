import { createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import { ApiError, api, NetworkError } from '../api/client';
import type { LineStatus, Order, OrderLine } from '../api/types';
import { useStaff } from '../staff/context';

const FLOW: LineStatus[] = ['queued', 'preparing', 'ready', 'served'];
const next = (s: LineStatus): LineStatus | null => FLOW[FLOW.indexOf(s) + 1] ?? null;
const SOUND_KEY = 'comanda.kitchen.sound';

/** A soft two-tone chime through WebAudio (no audio file to download). */
function chime() {
  const Ctx = window.AudioContext;
  if (!Ctx) return;
  const ctx = new Ctx();
  [660, 880].forEach((f, i) => {
    const o = ctx.createOscillator();
    const g = ctx.createGain();
    o.frequency.value = f;
    g.gain.setValueAtTime(0.0001, ctx.currentTime + i * 0.18);
    g.gain.exponentialRampToValueAtTime(0.08, ctx.currentTime + i * 0.18 + 0.02);
    g.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + i * 0.18 + 0.3);
    o.connect(g).connect(ctx.destination);
    o.start(ctx.currentTime + i * 0.18);
    o.stop(ctx.currentTime + i * 0.18 + 0.32);
  });
  setTimeout(() => void ctx.close(), 1000);
}

function age(createdAt: string, now: number): string {
  const min = Math.max(0, Math.floor((now - Date.parse(createdAt)) / 60_000));
  return min < 1 ? 'just now' : `${min} min`;
}

/** The kitchen display: live tickets, oldest first; tap a line or a ticket to move it on. */
export default function Kitchen() {
  const staff = useStaff();
  const [now, setNow] = createSignal(Date.now());
  const [sound, setSound] = createSignal(localStorage.getItem(SOUND_KEY) === 'on');
  const [error, setError] = createSignal<string | null>(null);
  const tick = setInterval(() => setNow(Date.now()), 15_000);

  const load = async () => {
    try {
      const from = new Date(Date.now() - 12 * 3600_000).toISOString();
      const page = await api<{ data: Order[] }>(
        'GET',
        `/orders?from=${encodeURIComponent(from)}&limit=200`,
      );
      for (const o of page.data) staff.setOrders(o.id, o);
    } catch {
      // offline: the tickets we already have
    }
  };
  void load();

  const off = staff.onEvent((e) => {
    if (e.type === 'order.created' && sound()) chime();
  });
  onCleanup(() => {
    clearInterval(tick);
    off();
  });

  const live = (o: Order) => o.lines.filter((l) => !l.voided && l.status !== 'served');
  const tickets = createMemo(() =>
    Object.values(staff.orders)
      .filter((o) => o.status !== 'void' && o.ticket_number > 0 && live(o).length > 0)
      .sort((a, b) => a.created_at.localeCompare(b.created_at)),
  );
  const tableName = (o: Order) => staff.tables().find((t) => t.id === o.table_id)?.name;

  const fail = (e: unknown) => {
    if (e instanceof NetworkError) setError('No network: the change was not saved.');
    else if (e instanceof ApiError) setError(e.message);
    else throw e;
  };

  const bumpLine = async (o: Order, l: OrderLine) => {
    const to = next(l.status);
    if (!to) return;
    setError(null);
    try {
      const updated = await api<Order | { order: Order }>(
        'PATCH',
        `/orders/${o.id}/lines/${l.id}`,
        {
          status: to,
        },
      );
      const order = 'order' in updated ? updated.order : updated;
      if (order?.lines) staff.setOrders(order.id, order);
    } catch (e) {
      fail(e);
    }
  };

  const ticketNext = (o: Order): LineStatus | null => {
    const lowest = Math.min(...live(o).map((l) => FLOW.indexOf(l.status)));
    return FLOW[lowest + 1] ?? null;
  };

  const bumpTicket = async (o: Order) => {
    const to = ticketNext(o);
    if (!to) return;
    setError(null);
    try {
      const updated = await api<Order | { order: Order }>('POST', `/orders/${o.id}/bump`, {
        status: to,
      });
      const order = 'order' in updated ? updated.order : updated;
      if (order?.lines) staff.setOrders(order.id, order);
    } catch (e) {
      fail(e);
    }
  };

  return (
    <div class="kitchen">
      <div class="kitchen-bar">
        <h1>Kitchen</h1>
        <span class={`pill live-${staff.live()}`} role="status">
          {staff.live() === 'live'
            ? 'live'
            : staff.live() === 'connecting'
              ? 'connecting…'
              : 'reconnecting…'}
        </span>
        <span class="spacer" />
        <label class="toggle">
          <input
            type="checkbox"
            checked={sound()}
            onChange={(e) => {
              setSound(e.currentTarget.checked);
              localStorage.setItem(SOUND_KEY, e.currentTarget.checked ? 'on' : 'off');
            }}
          />
          Sound for new tickets
        </label>
      </div>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={tickets().length} fallback={<p class="muted">No tickets. All caught up.</p>}>
        <div class="tickets">
          <For each={tickets()}>
            {(o) => (
              <article class="ticket" aria-label={`Ticket #${o.ticket_number}`}>
                <header>
                  <strong class="ticket-no">#{o.ticket_number}</strong>
                  <span>
                    {o.type === 'takeaway' ? 'Takeaway' : (tableName(o) ?? 'Dine in')}
                    {o.source === 'qr' ? ' · QR' : ''}
                  </span>
                  <span class="age" title={new Date(o.created_at).toLocaleTimeString()}>
                    {age(o.created_at, now())}
                  </span>
                </header>
                <Show when={o.note}>
                  <p class="note">Note: {o.note}</p>
                </Show>
                <ul>
                  <For each={o.lines.filter((l) => !l.voided)}>
                    {(l) => (
                      <li>
                        <button
                          type="button"
                          class={`ticket-line status-${l.status}`}
                          disabled={l.status === 'served'}
                          aria-label={`${l.quantity}× ${l.name}: ${l.status}${next(l.status) ? `, mark ${next(l.status)}` : ''}`}
                          onClick={() => void bumpLine(o, l)}
                        >
                          <span class="qty">{l.quantity}×</span>
                          <span class="name">
                            {l.name}
                            <Show when={l.modifiers.length}>
                              <small>{l.modifiers.map((m) => m.name).join(', ')}</small>
                            </Show>
                            <Show when={l.note}>
                              <small class="note">{l.note}</small>
                            </Show>
                          </span>
                          <span class={`pill status-${l.status}`}>{l.status}</span>
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
                <Show when={ticketNext(o)}>
                  {(to) => (
                    <button type="button" class="btn primary" onClick={() => void bumpTicket(o)}>
                      Mark ticket #{o.ticket_number} {to()}
                    </button>
                  )}
                </Show>
              </article>
            )}
          </For>
        </div>
      </Show>
    </div>
  );
}
