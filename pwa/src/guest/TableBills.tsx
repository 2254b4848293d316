import { For, Show } from 'solid-js';
import { formatMoney } from '../lib/money';
import type { Placed } from './api';

/**
 * The table's other open bills: ones the staff took, or split off a guest's order. Choosing one
 * puts it under "Your orders", where it is followed live and paid like an order of one's own.
 */
export function TableBills(props: {
  bills: readonly Placed[];
  currency: string;
  onChoose(p: Placed): void;
}) {
  return (
    <Show when={props.bills.length}>
      <section class="card" aria-label="Bills at this table">
        <h2>Bills at this table</h2>
        <p class="muted">Paying a bill the staff brought? Choose it to see it and pay.</p>
        <For each={props.bills}>
          {(b) => (
            <article class="order-card" aria-label={`Bill #${b.order.ticket_number}`}>
              <header>
                <strong>Bill #{b.order.ticket_number}</strong>
                <span>Due {formatMoney(b.order.balance, props.currency)}</span>
              </header>
              <p class="muted">{b.order.lines.map((l) => `${l.quantity}× ${l.name}`).join(', ')}</p>
              <footer>
                <button type="button" class="btn primary" onClick={() => props.onChoose(b)}>
                  Pay bill #{b.order.ticket_number}
                </button>
              </footer>
            </article>
          )}
        </For>
      </section>
    </Show>
  );
}
