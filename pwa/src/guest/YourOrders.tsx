import { For, Show } from 'solid-js';
import { LineStatuses } from '../components/LineStatuses';
import { formatMoney } from '../lib/money';
import type { Placed } from './api';
import { PayShare } from './PayShare';

/**
 * The guest's orders from this phone at this table: live line statuses and "Pay now". Its own
 * component so the pay-a-share controls can sit beside "Pay now" in each order's footer.
 */
export function YourOrders(props: {
  placed: readonly Placed[];
  currency: string;
  onPay(p: Placed): void;
  /** A failed Pay now, told in the card of the order it concerns (where the guest is looking). */
  payError?: { order: string; message: string } | null;
}) {
  return (
    <Show when={props.placed.length}>
      <section class="card" aria-label="Your orders">
        <h2>Your orders</h2>
        <For each={[...props.placed].reverse()}>
          {(p) => (
            <article class="order-card" aria-label={`Order #${p.order.ticket_number}`}>
              <header>
                <strong>Order #{p.order.ticket_number}</strong>
                <span class={`pill status-${p.order.status}`}>{p.order.status}</span>
              </header>
              <LineStatuses lines={p.order.lines} />
              <footer>
                <span>Total {formatMoney(p.order.total, props.currency)}</span>
                <Show when={p.order.status === 'open' && p.order.balance > 0}>
                  <button type="button" class="btn primary" onClick={() => props.onPay(p)}>
                    Pay now
                  </button>
                </Show>
              </footer>
              <Show when={props.payError?.order === p.order.id}>
                <p class="error" role="alert">
                  {props.payError?.message}
                </p>
              </Show>
              <PayShare tracking={p.tracking_token} order={p.order} currency={props.currency} />
            </article>
          )}
        </For>
      </section>
    </Show>
  );
}
