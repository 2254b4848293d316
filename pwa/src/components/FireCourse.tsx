import { createSignal, Show } from 'solid-js';
import { ApiError, api, NetworkError } from '../api/client';
import type { Order } from '../api/types';
import { useStaff } from '../staff/context';
import { ORDER_WRITERS } from '../staff/roles';

/** The next held course of an order: the lowest course with a live line not fired yet. */
export function nextHeldCourse(order: Pick<Order, 'lines' | 'status'>): number | null {
  if (order.status === 'void' || order.status === 'closed') return null;
  const held = order.lines
    .filter((l) => !l.voided && l.fired_at === null && l.course !== undefined)
    .map((l) => l.course as number);
  return held.length ? Math.min(...held) : null;
}

/** One tap for the waiter at the table: "Fire course 2" sends the next held course to the kitchen. */
export function FireCourse(props: { order: Order }) {
  const staff = useStaff();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const allowed = () => ORDER_WRITERS.includes(staff.session.me.user.role);
  const course = () => nextHeldCourse(props.order);
  const fire = async (n: number) => {
    setBusy(true);
    setError(null);
    try {
      const order = await api<Order>('POST', `/orders/${props.order.id}/fire`, { course: n });
      staff.setOrders(order.id, order);
    } catch (e) {
      if (e instanceof NetworkError) setError('No network: the course was not fired.');
      else if (e instanceof ApiError) setError(e.message);
      else throw e;
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show when={allowed() && course()}>
      {(n) => (
        <div class="fire-course">
          <button
            type="button"
            class="btn primary"
            disabled={busy()}
            onClick={() => void fire(n())}
          >
            Fire course {n()}
          </button>
          <Show when={error()}>
            <p class="error" role="alert">
              {error()}
            </p>
          </Show>
        </div>
      )}
    </Show>
  );
}
