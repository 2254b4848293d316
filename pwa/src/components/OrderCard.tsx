import { Show } from 'solid-js';
import type { Order } from '../api/types';
import { useStaff } from '../staff/context';
import { PAYERS } from '../staff/roles';
import { LineStatuses } from './LineStatuses';
import { Money } from './Money';

/** One order on the POS: its ticket, the kitchen status of each line, what is left to pay. */
export function OrderCard(props: {
  order: Order;
  currency: string;
  tableName?: string;
  unsent: boolean;
  onPay(): void;
  onAdd?(): void;
  onManage?(): void;
}) {
  const staff = useStaff();
  const canPay = PAYERS.includes(staff.session.me.user.role);
  const title = () => (props.order.ticket_number ? `#${props.order.ticket_number}` : 'New order');
  return (
    <article class="order-card" aria-label={`Order ${title()}`}>
      <header>
        <strong>{title()}</strong>
        <span class="muted">
          {props.order.type === 'takeaway' ? 'Takeaway' : (props.tableName ?? 'Dine in')}
        </span>
        <Show when={props.unsent}>
          <span class="pill warn">not sent yet</span>
        </Show>
        <span class={`pill status-${props.order.status}`}>{props.order.status}</span>
      </header>
      <LineStatuses lines={props.order.lines.filter((l) => !l.voided)} />
      <footer>
        <span>
          Total <Money amount={props.order.total} currency={props.currency} />
        </span>
        <span class="order-actions">
          <Show when={props.order.status === 'open' && props.onManage}>
            <button
              type="button"
              class="btn"
              aria-label={`Manage order ${title()}`}
              onClick={() => props.onManage?.()}
            >
              Manage
            </button>
          </Show>
          <Show when={props.order.status === 'open' && props.onAdd}>
            <button
              type="button"
              class="btn"
              aria-label={`Add items to order ${title()}`}
              onClick={() => props.onAdd?.()}
            >
              Add items
            </button>
          </Show>
          <Show when={props.order.balance > 0 && props.order.status === 'open' && canPay}>
            <button type="button" class="btn primary" onClick={() => props.onPay()}>
              Pay
            </button>
          </Show>
        </span>
      </footer>
    </article>
  );
}
