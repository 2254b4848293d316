import { createSignal, For, onMount, Show } from 'solid-js';
import { ApiError, api } from '../api/client';
import type { Order, Page } from '../api/types';
import { formatMoney } from '../lib/money';
import { useStaff } from '../staff/context';

const STATUS_WORDS: Record<string, string> = {
  open: 'Open',
  paid: 'Paid',
  closed: 'Closed',
  void: 'Voided',
};

/**
 * Orders, newest first, as cards: one column on a phone, as many as fit on a tablet. Read only;
 * the POS changes orders. "Show more" fetches the next page.
 */
export function OrdersList() {
  const staff = useStaff();
  const zone = staff.tenant().timezone;
  const [orders, setOrders] = createSignal<Order[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [status, setStatus] = createSignal('');
  const [message, setMessage] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);

  const load = async (more: boolean) => {
    setLoading(true);
    try {
      const q = new URLSearchParams({ limit: '50' });
      if (status()) q.set('status', status());
      if (more && cursor()) q.set('cursor', cursor()!);
      const page = await api<Page<Order>>('GET', `/orders?${q}`);
      setOrders(more ? [...orders(), ...page.data] : page.data);
      setCursor(page.next_cursor);
      setMessage(null);
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  };
  onMount(() => void load(false));

  const when = (iso: string) =>
    new Date(iso).toLocaleString(undefined, {
      timeZone: zone,
      dateStyle: 'medium',
      timeStyle: 'short',
    });

  return (
    <div>
      <h1>Orders</h1>
      <div class="card admin-filters">
        <label class="field">
          <span>Status</span>
          <select
            value={status()}
            onChange={(e) => {
              setStatus(e.currentTarget.value);
              void load(false);
            }}
          >
            <option value="">All orders</option>
            <For each={Object.entries(STATUS_WORDS)}>
              {([value, label]) => <option value={value}>{label}</option>}
            </For>
          </select>
        </label>
      </div>
      <p role="status" class="muted">
        {message()}
      </p>
      <ul class="admin-list order-cards" aria-label="Orders">
        <For each={orders()}>
          {(o) => (
            <li aria-label={`Order ${o.ticket_number}`}>
              <div class="grow">
                <div class="row" style={{ margin: 0 }}>
                  <strong>#{o.ticket_number}</strong>
                  <span class="pill">{STATUS_WORDS[o.status] ?? o.status}</span>
                  <span class="spacer" />
                  <strong>{formatMoney(o.total, staff.currency())}</strong>
                </div>
                <div class="muted">
                  {o.type === 'takeaway' ? 'Takeaway' : 'Eat in'} ·{' '}
                  {o.source === 'qr' ? 'ordered by QR code' : 'taken on the POS'}
                  {o.receipt_number ? ` · receipt ${o.receipt_number}` : ''}
                </div>
                <div class="muted">{when(o.created_at)}</div>
              </div>
            </li>
          )}
        </For>
      </ul>
      <Show when={!loading() && orders().length === 0}>
        <p>No orders yet: take one on the POS.</p>
      </Show>
      <Show when={cursor()}>
        <button
          type="button"
          class="btn"
          disabled={loading()}
          onClick={() => void load(true)}
          style={{ 'margin-top': '0.75rem' }}
        >
          Show more orders
        </button>
      </Show>
    </div>
  );
}
