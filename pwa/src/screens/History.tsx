import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../api/client';
import { printReceipt } from '../api/receipt';
import type { Order, Page } from '../api/types';
import { Money } from '../components/Money';
import { addDays, dateRange, todayIn } from '../lib/zoned';
import { useStaff } from '../staff/context';
import { PAYERS } from '../staff/roles';
import { matchesOrder } from './history-search';
import { Refund } from './Refund';

/**
 * Recent orders, today's and yesterday's (in the café's time zone), searchable by ticket,
 * receipt number, table or amount; each can be reprinted and, once paid, refunded.
 */
export default function History() {
  const staff = useStaff();
  const currency = staff.currency;
  const zone = staff.tenant().timezone;
  const role = staff.session.me.user.role;
  const [query, setQuery] = createSignal('');
  const [refunding, setRefunding] = createSignal<string | null>(null);

  const load = async () => {
    const today = todayIn(zone);
    const { from, to } = dateRange(addDays(today, -1), today, zone);
    const q = new URLSearchParams({ from, to, limit: '500' });
    return (await api<Page<Order>>('GET', `/orders?${q}`)).data;
  };
  const [orders, { refetch }] = createResource(load);

  const tableName = (o: Order) => staff.tables().find((t) => t.id === o.table_id)?.name ?? null;
  const shown = createMemo(() =>
    (orders() ?? []).filter((o) => matchesOrder(o, query(), tableName(o), currency())),
  );
  const when = (iso: string) =>
    new Intl.DateTimeFormat(undefined, {
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: zone,
    }).format(new Date(iso));

  return (
    <div class="history">
      <h1>Recent orders</h1>
      <p class="muted">Today and yesterday.</p>
      <input
        type="search"
        class="search"
        aria-label="Search by ticket, receipt number, table or amount"
        placeholder="Ticket, receipt, table or amount"
        value={query()}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      <Show
        when={!orders.error}
        fallback={<p role="alert">Orders could not be loaded (offline?).</p>}
      >
        <Show when={orders()} fallback={<p role="status">Loading…</p>}>
          <p role="status" class="muted">
            {shown().length} {shown().length === 1 ? 'order' : 'orders'}
          </p>
          <ul class="history-list">
            <For each={shown()}>
              {(o) => {
                const label = `Order #${o.ticket_number}`;
                return (
                  <li>
                    <article class="order-card" aria-label={label}>
                      <header>
                        <strong>#{o.ticket_number}</strong>
                        <span class="muted">{when(o.created_at)}</span>
                        <span class="muted">
                          {o.type === 'takeaway' ? 'Takeaway' : (tableName(o) ?? 'Dine in')}
                        </span>
                        <Show when={o.receipt_number}>
                          <span>Receipt {o.receipt_number}</span>
                        </Show>
                        <span class={`pill status-${o.status}`}>{o.status}</span>
                      </header>
                      <p class="lines-summary">
                        {o.lines
                          .filter((l) => !l.voided)
                          .map((l) => `${l.quantity}× ${l.name}`)
                          .join(', ')}
                      </p>
                      <footer>
                        <span>
                          Total <Money amount={o.total} currency={currency()} />
                        </span>
                        <span class="order-actions">
                          <button
                            type="button"
                            class="btn"
                            aria-label={`Reprint ${o.receipt_number ? 'receipt' : 'bill'} of ${label}`}
                            onClick={() => printReceipt(o.id)}
                          >
                            Reprint
                          </button>
                          <Show
                            when={
                              PAYERS.includes(role) &&
                              (o.status === 'paid' || o.status === 'closed' || o.paid_total > 0)
                            }
                          >
                            <button
                              type="button"
                              class="btn"
                              aria-label={`Refund ${label}`}
                              onClick={() => setRefunding(o.id)}
                            >
                              Refund
                            </button>
                          </Show>
                        </span>
                      </footer>
                    </article>
                  </li>
                );
              }}
            </For>
          </ul>
        </Show>
      </Show>
      <Show when={refunding()}>
        {(id) => (
          <Refund orderId={id()} onClose={() => setRefunding(null)} onDone={() => void refetch()} />
        )}
      </Show>
    </div>
  );
}
