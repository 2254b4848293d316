import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { ApiError, api, NetworkError } from '../api/client';
import { printReceipt } from '../api/receipt';
import type { Order, OrderLine } from '../api/types';
import { Dialog } from '../components/Dialog';
import { Money } from '../components/Money';
import { uuid } from '../lib/ids';
import { parseMoney } from '../lib/money';
import { withLocalDiscount } from '../offline/orders';
import type { OutboxApproval } from '../offline/outbox';
import { Approval, needsApproval } from '../staff/Approval';
import { useStaff } from '../staff/context';

type DiscountBody = { kind: 'percent' | 'amount'; value: number; reason: string };

type Step =
  | { kind: 'menu' }
  | { kind: 'discount' }
  | { kind: 'void-line'; line: OrderLine }
  | { kind: 'void-order' };

const message = (e: unknown) =>
  e instanceof NetworkError
    ? 'This needs the network.'
    : e instanceof ApiError
      ? e.message
      : e instanceof Error
        ? e.message
        : String(e);

/**
 * What staff do to an open order besides paying it: a discount (percent or amount, with a
 * reason), voiding a line or the whole order (with a reason), printing the bill. Discounts and
 * order voids are for managers: a cashier's request asks for a manager's approval on the spot.
 */
export function OrderActions(props: { orderId: string; onClose(): void }) {
  const staff = useStaff();
  const currency = staff.currency;
  const role = staff.session.me.user.role;
  const order = () => staff.orders[props.orderId]!;
  const [step, setStep] = createSignal<Step>({ kind: 'menu' });
  const [reason, setReason] = createSignal('');
  const [discountKind, setDiscountKind] = createSignal<'percent' | 'amount'>('percent');
  const [value, setValue] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [done, setDone] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [approving, setApproving] = createSignal<{
    action: string;
    run(token: string): Promise<void>;
    queue?(approval: OutboxApproval): Promise<void>;
  } | null>(null);

  const sent = () =>
    order().ticket_number > 0 && !staff.pending().some((p) => p.id === props.orderId);
  /** Offline, or the order is still in the outbox: a discount is queued behind it. */
  const queued = () => !staff.online() || !sent();
  const title = () => (order().ticket_number ? `Order #${order().ticket_number}` : 'New order');

  const discountValue = (): number | null => {
    if (discountKind() === 'percent') {
      const n = Number(value().trim());
      return Number.isInteger(n) && n >= 0 && n <= 100 && value().trim() !== '' ? n : null;
    }
    const m = parseMoney(value(), currency());
    return m !== null && m >= 0 ? m : null;
  };

  /** Runs a call with the user's rights, or with a manager's after their approval. */
  const call = async (action: string, path: string, body: unknown, managerOnly: boolean) => {
    setError(null);
    const run = async (token?: string) => {
      const o = await api<Order>('POST', path, body, token ? { token } : {});
      staff.setOrders(o.id, o);
      setApproving(null);
      setDone(`${action}: done.`);
      setStep({ kind: 'menu' });
      setReason('');
      setValue('');
    };
    if (managerOnly && needsApproval(role)) {
      setApproving({ action, run: (token) => run(token) });
      return;
    }
    setBusy(true);
    try {
      await run();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  /**
   * A discount given offline: shown on the order at once (priced as the server will), sent by
   * the outbox after the order. A cashier's carries the manager's approval, checked at sending.
   */
  const queueDiscount = async (action: string, body: DiscountBody) => {
    setError(null);
    const save = async (approval?: OutboxApproval) => {
      const o = order();
      const unsent = staff.pending().some((p) => p.id === o.id);
      staff.setOrders(
        o.id,
        withLocalDiscount(o, body, staff.catalog()?.tax_inclusive ?? staff.tenant().tax_inclusive),
      );
      await staff.outbox.enqueue({
        id: uuid(),
        kind: 'discount',
        path: `/orders/${o.id}/discount`,
        body,
        ...(unsent ? { after: o.id } : {}),
        ...(approval ? { approval } : {}),
        label: `${action} on ${o.ticket_number ? `#${o.ticket_number}` : 'a new order'}`,
      });
      setApproving(null);
      setDone(`${action}: saved on this device, it goes out when online.`);
      setStep({ kind: 'menu' });
      setReason('');
      setValue('');
    };
    if (needsApproval(role)) {
      setApproving({
        action,
        run: async () => {},
        queue: save,
      });
      return;
    }
    await save();
  };

  const live = () => order().lines.filter((l) => !l.voided);

  return (
    <>
      <Dialog
        title={`${title()}: actions`}
        onClose={props.onClose}
        class="order-actions-dialog"
        footer={
          <Switch>
            <Match when={step().kind === 'discount'}>
              <button
                type="submit"
                form="action-form"
                class="btn primary big"
                disabled={busy() || discountValue() === null || !reason().trim()}
              >
                Apply discount
              </button>
            </Match>
            <Match when={step().kind === 'void-line'}>
              <button
                type="submit"
                form="action-form"
                class="btn primary big"
                disabled={busy() || !reason().trim()}
              >
                Void the line
              </button>
            </Match>
            <Match when={step().kind === 'void-order'}>
              <button
                type="submit"
                form="action-form"
                class="btn primary big"
                disabled={busy() || !reason().trim()}
              >
                Void the order
              </button>
            </Match>
            <Match when={step().kind === 'menu'}>
              <button type="button" class="btn big" onClick={() => props.onClose()}>
                Done
              </button>
            </Match>
          </Switch>
        }
      >
        <dl class="totals">
          <Show when={order().discount_total}>
            <dt>Discount</dt>
            <dd>
              −<Money amount={order().discount_total} currency={currency()} />
            </dd>
          </Show>
          <dt>Total</dt>
          <dd class="total">
            <Money amount={order().total} currency={currency()} />
          </dd>
        </dl>
        <Show when={error()}>
          <p class="error" role="alert">
            {error()}
          </p>
        </Show>
        <Show when={done()}>
          <p class="success" role="status">
            {done()}
          </p>
        </Show>
        <Show when={queued() && step().kind === 'menu'}>
          <p class="muted">
            {staff.online()
              ? 'This order is not on the server yet: a discount goes out after it; voids wait for it.'
              : 'Offline: a discount is saved on this device and goes out when online; voids need the network.'}
          </p>
        </Show>
        <Show
          when={!queued() || step().kind !== 'menu'}
          fallback={
            <div class="row">
              <Show when={order().paid_total === 0}>
                <button type="button" class="btn" onClick={() => setStep({ kind: 'discount' })}>
                  Discount
                </button>
              </Show>
            </div>
          }
        >
          <Switch>
            <Match when={step().kind === 'menu'}>
              <ul class="action-lines">
                <For each={live()}>
                  {(l) => (
                    <li>
                      <span>
                        {l.quantity}× {l.name}
                      </span>
                      <Money amount={l.line_total} currency={currency()} />
                      <Show when={order().paid_total === 0}>
                        <button
                          type="button"
                          class="btn"
                          aria-label={`Void ${l.name}`}
                          onClick={() => {
                            setReason('');
                            setStep({ kind: 'void-line', line: l });
                          }}
                        >
                          Void
                        </button>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
              <div class="row">
                <button type="button" class="btn" onClick={() => setStep({ kind: 'discount' })}>
                  Discount
                </button>
                <Show when={order().paid_total === 0 && !(order().pending_total ?? 0)}>
                  <button type="button" class="btn" onClick={() => setStep({ kind: 'void-order' })}>
                    Void order
                  </button>
                </Show>
                <button type="button" class="btn" onClick={() => printReceipt(order().id)}>
                  Print bill
                </button>
              </div>
            </Match>
            <Match when={step().kind !== 'menu'}>
              <form
                id="action-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  const s = step();
                  if (s.kind === 'discount') {
                    const v = discountValue();
                    if (v === null) return;
                    const action = discountKind() === 'percent' ? `Discount ${v} %` : 'Discount';
                    const body = { kind: discountKind(), value: v, reason: reason().trim() };
                    if (queued()) void queueDiscount(action, body);
                    else void call(action, `/orders/${props.orderId}/discount`, body, true);
                  } else if (s.kind === 'void-line') {
                    void call(
                      `Void ${s.line.name}`,
                      `/orders/${props.orderId}/lines/${s.line.id}/void`,
                      { reason: reason().trim() },
                      false,
                    );
                  } else if (s.kind === 'void-order') {
                    void call(
                      'Void the order',
                      `/orders/${props.orderId}/void`,
                      { reason: reason().trim() },
                      true,
                    );
                  }
                }}
              >
                <Show when={step().kind === 'discount'}>
                  <fieldset class="order-type">
                    <legend class="sr-only">Discount kind</legend>
                    <label>
                      <input
                        type="radio"
                        name="discount-kind"
                        checked={discountKind() === 'percent'}
                        onChange={() => setDiscountKind('percent')}
                      />
                      Percent
                    </label>
                    <label>
                      <input
                        type="radio"
                        name="discount-kind"
                        checked={discountKind() === 'amount'}
                        onChange={() => setDiscountKind('amount')}
                      />
                      Amount
                    </label>
                  </fieldset>
                  <label class="field">
                    <span>
                      {discountKind() === 'percent' ? 'Percent off (0–100)' : 'Amount off'}
                    </span>
                    <input
                      type="text"
                      inputMode={discountKind() === 'percent' ? 'numeric' : 'decimal'}
                      value={value()}
                      aria-invalid={value() !== '' && discountValue() === null}
                      onInput={(e) => setValue(e.currentTarget.value)}
                    />
                  </label>
                </Show>
                <Show when={step().kind === 'void-line'}>
                  <p>
                    Void <strong>{(step() as { line: OrderLine }).line.name}</strong>
                  </p>
                </Show>
                <label class="field">
                  <span>Reason</span>
                  <input
                    type="text"
                    maxLength={200}
                    required
                    value={reason()}
                    onInput={(e) => setReason(e.currentTarget.value)}
                  />
                </label>
                <button type="button" class="btn" onClick={() => setStep({ kind: 'menu' })}>
                  Back
                </button>
              </form>
            </Match>
          </Switch>
        </Show>
      </Dialog>
      <Show when={approving()}>
        {(a) => (
          <Approval
            action={a().action}
            run={a().run}
            {...(a().queue ? { queue: a().queue } : {})}
            onClose={() => setApproving(null)}
          />
        )}
      </Show>
    </>
  );
}
