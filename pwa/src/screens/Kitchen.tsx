import { createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import { ApiError, api, NetworkError } from '../api/client';
import type { LineStatus } from '../api/types';
import { useStaff } from '../staff/context';
import { type AgeLevel, ageLevel, allDayCounts, ticketNext } from './kitchen-logic';

const FLOW: LineStatus[] = ['queued', 'preparing', 'ready', 'served'];
const next = (s: LineStatus): LineStatus | null => FLOW[FLOW.indexOf(s) + 1] ?? null;
const SOUND_KEY = 'comanda.kitchen.sound';
/** The station this device shows, remembered per device ('' = expo, every station). */
const STATION_KEY = 'comanda.kitchen.station';

export interface TicketLine {
  id: string;
  name: string;
  quantity: number;
  modifiers: { id: string; name: string }[];
  note: string | null;
  status: LineStatus;
  station_id: string | null;
  seat: number | null;
  course: number;
  fired_at: string | null;
  held: boolean;
}

export interface Ticket {
  id: string;
  ticket_number: number;
  type: 'dine_in' | 'takeaway';
  table: { id: string; name: string | null } | null;
  server: string | null;
  note: string | null;
  created_at: string;
  lines: TicketLine[];
}

interface TicketsPage {
  data: Ticket[];
  settings: { amber_minutes: number; red_minutes: number };
  failing_printers: { station_id: string; error: string | null; since: string | null }[];
}

interface Station {
  id: string;
  name: string;
}

/** A bump this screen made, so it can be recalled and undone. */
interface Bumped {
  orderId: string;
  ticketNumber: number;
  status: LineStatus;
  label: string;
}

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

function ageText(createdAt: string, now: number): string {
  const min = Math.max(0, Math.floor((now - Date.parse(createdAt)) / 60_000));
  return min < 1 ? 'just now' : `${min} min`;
}

const AGE_WORD: Record<AgeLevel, string> = { fresh: '', amber: 'waiting', red: 'late' };

/**
 * The kitchen display: one station's live tickets (or every station's, the expo view), oldest
 * first, coloured by age; tap a line or a ticket to move it on, recall and undo a bump.
 */
export default function Kitchen() {
  const staff = useStaff();
  const [now, setNow] = createSignal(Date.now());
  const [sound, setSound] = createSignal(localStorage.getItem(SOUND_KEY) !== 'off');
  const [station, setStation] = createSignal(localStorage.getItem(STATION_KEY) ?? '');
  const [stations, setStations] = createSignal<Station[]>([]);
  const [page, setPage] = createSignal<TicketsPage | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [bumped, setBumped] = createSignal<Bumped[]>([]);
  const [recallOpen, setRecallOpen] = createSignal(false);
  const tick = setInterval(() => setNow(Date.now()), 15_000);

  const load = async () => {
    try {
      const s = station();
      const p = await api<TicketsPage>(
        'GET',
        `/kitchen/tickets${s ? `?station=${encodeURIComponent(s)}` : ''}`,
      );
      setPage(p);
      setNow(Date.now());
    } catch (e) {
      // A station deleted elsewhere: fall back to the expo view.
      if (e instanceof ApiError && e.status === 404 && station()) pick('');
      // offline: keep the tickets we already have
    }
  };
  const pick = (id: string) => {
    setStation(id);
    localStorage.setItem(STATION_KEY, id);
    void load();
  };
  void api<{ data: Station[] }>('GET', '/stations')
    .then((r) => setStations(r.data))
    .catch(() => {});
  void load();
  // Ageing needs no event, and a slow poll catches a missed one.
  const poll = setInterval(() => void load(), 20_000);

  let pending: ReturnType<typeof setTimeout> | undefined;
  const off = staff.onEvent((e) => {
    // printer.failing / printer.recovered: the banner comes with the tickets, so reload them.
    if (!e.type.startsWith('order.') && !e.type.startsWith('printer.')) return;
    if ((e.type === 'order.created' || e.type === 'order.fired') && sound()) chime();
    clearTimeout(pending);
    pending = setTimeout(() => void load(), 100);
  });
  onCleanup(() => {
    clearInterval(tick);
    clearInterval(poll);
    clearTimeout(pending);
    off();
  });

  const tickets = () => page()?.data ?? [];
  const settings = () => page()?.settings ?? { amber_minutes: 8, red_minutes: 15 };
  const stationName = (id: string | null) => stations().find((s) => s.id === id)?.name ?? '—';
  const counts = createMemo(() => allDayCounts(tickets()));

  const fail = (e: unknown) => {
    if (e instanceof NetworkError) setError('No network: the change was not saved.');
    else if (e instanceof ApiError) setError(e.message);
    else throw e;
  };

  const bumpLine = async (t: Ticket, l: TicketLine) => {
    const to = next(l.status);
    if (!to || l.held) return;
    setError(null);
    try {
      await api('PATCH', `/orders/${t.id}/lines/${l.id}`, { status: to });
      await load();
    } catch (e) {
      fail(e);
    }
  };

  const bumpTicket = async (t: Ticket, to: LineStatus) => {
    setError(null);
    try {
      await api('POST', `/orders/${t.id}/bump`, {
        status: to,
        ...(station() ? { station_id: station() } : {}),
      });
      setBumped((b) =>
        [
          { orderId: t.id, ticketNumber: t.ticket_number, status: to, label: labelOf(t) },
          ...b.filter((x) => x.orderId !== t.id),
        ].slice(0, 8),
      );
      await load();
    } catch (e) {
      fail(e);
    }
  };

  /** Undo: the ticket's lines go one step back (served → ready, ready → preparing…). */
  const undo = async (b: Bumped) => {
    const back = FLOW[FLOW.indexOf(b.status) - 1];
    if (!back) return;
    setError(null);
    try {
      await api('POST', `/orders/${b.orderId}/bump`, {
        status: back,
        ...(station() ? { station_id: station() } : {}),
      });
      setBumped((list) => list.filter((x) => x !== b));
      await load();
    } catch (e) {
      fail(e);
    }
  };

  const labelOf = (t: Ticket) =>
    t.type === 'takeaway' ? 'Takeaway' : (t.table?.name ?? 'Dine in');
  const failing = () => page()?.failing_printers ?? [];
  const lastBump = () => bumped()[0];

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
        <label class="station-pick">
          Station
          <select value={station()} onChange={(e) => pick(e.currentTarget.value)}>
            <option value="" selected={station() === ''}>
              All stations (expo)
            </option>
            {/* selected per option: the list arrives after the select first renders */}
            <For each={stations()}>
              {(s) => (
                <option value={s.id} selected={s.id === station()}>
                  {s.name}
                </option>
              )}
            </For>
          </select>
        </label>
        <span class="spacer" />
        <button
          type="button"
          class="btn"
          aria-pressed={!sound()}
          onClick={() => {
            const on = !sound();
            setSound(on);
            localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
          }}
        >
          {sound() ? 'Mute sound' : 'Sound off: unmute'}
        </button>
        <button
          type="button"
          class="btn"
          aria-expanded={recallOpen()}
          onClick={() => setRecallOpen(!recallOpen())}
        >
          Recall ({bumped().length})
        </button>
      </div>
      <For each={failing()}>
        {(f) => (
          <p class="error printer-banner" role="alert">
            Printer at {stationName(f.station_id)} is not printing
            {f.error ? ` (${f.error})` : ''}. Tickets are kept and print when it is back.
          </p>
        )}
      </For>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={lastBump()}>
        {(b) => (
          <p class="undo-bar" role="status">
            Ticket #{b().ticketNumber} marked {b().status}.
            <button type="button" class="btn" onClick={() => void undo(b())}>
              Undo bump #{b().ticketNumber}
            </button>
          </p>
        )}
      </Show>
      <Show when={recallOpen()}>
        <section class="recall" aria-label="Recently bumped">
          <h2>Recently bumped</h2>
          <Show when={bumped().length} fallback={<p class="muted">Nothing bumped yet.</p>}>
            <ul>
              <For each={bumped()}>
                {(b) => (
                  <li>
                    <span>
                      #{b.ticketNumber} · {b.label} · {b.status}
                    </span>
                    <button type="button" class="btn" onClick={() => void undo(b)}>
                      Undo bump #{b.ticketNumber}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      </Show>
      <Show when={counts().length}>
        <p class="all-day">
          <strong>All day:</strong>{' '}
          <For each={counts()}>
            {(c) => (
              <span class="all-day-item">
                {c.quantity} × {c.name} waiting
              </span>
            )}
          </For>
        </p>
      </Show>
      <Show when={tickets().length} fallback={<p class="muted">No tickets. All caught up.</p>}>
        <div class="tickets">
          <For each={tickets()}>
            {(t) => {
              const level = () => ageLevel(t.created_at, now(), settings());
              const to = () => ticketNext(t.lines);
              const ready = () =>
                t.lines.some((l) => !l.held) &&
                t.lines.every((l) => l.held || l.status === 'ready');
              return (
                <article
                  class={`ticket age-${level()}`}
                  aria-label={`Ticket #${t.ticket_number}`}
                  data-age={level()}
                >
                  <header>
                    <strong class="ticket-no">#{t.ticket_number}</strong>
                    <span>{labelOf(t)}</span>
                    <span class="age" title={new Date(t.created_at).toLocaleTimeString()}>
                      {ageText(t.created_at, now())}
                      <Show when={AGE_WORD[level()]}> · {AGE_WORD[level()]}</Show>
                    </span>
                  </header>
                  <Show when={t.server}>
                    <p class="muted server">{t.server}</p>
                  </Show>
                  <Show when={!station() && ready()}>
                    <p class="pill status-ready ticket-ready">Ready to go</p>
                  </Show>
                  <Show when={t.note}>
                    <p class="note">Note: {t.note}</p>
                  </Show>
                  <ul>
                    <For each={t.lines}>
                      {(l) => (
                        <li>
                          <button
                            type="button"
                            class={`ticket-line status-${l.status}${l.held ? ' held' : ''}`}
                            disabled={l.held}
                            aria-label={`${l.quantity}× ${l.name}: ${l.held ? `held, course ${l.course}` : l.status}${!l.held && next(l.status) ? `, mark ${next(l.status)}` : ''}`}
                            onClick={() => void bumpLine(t, l)}
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
                              <Show when={l.seat !== null || l.course > 1 || !station()}>
                                <small class="meta">
                                  {[
                                    l.seat !== null ? `seat ${l.seat}` : '',
                                    l.course > 1 ? `course ${l.course}` : '',
                                    !station() ? stationName(l.station_id) : '',
                                  ]
                                    .filter(Boolean)
                                    .join(' · ')}
                                </small>
                              </Show>
                            </span>
                            <span class={`pill status-${l.held ? 'held' : l.status}`}>
                              {l.held ? 'held' : l.status}
                            </span>
                          </button>
                        </li>
                      )}
                    </For>
                  </ul>
                  <Show when={to()}>
                    {(status) => (
                      <button
                        type="button"
                        class="btn primary"
                        onClick={() => void bumpTicket(t, status())}
                      >
                        Mark ticket #{t.ticket_number} {status()}
                      </button>
                    )}
                  </Show>
                </article>
              );
            }}
          </For>
        </div>
      </Show>
    </div>
  );
}
