import { createMemo, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { ApiError, api, NetworkError } from '../api/client';
import { printReceipt } from '../api/receipt';
import type { Payment as PaymentView } from '../api/types';
import { Dialog } from '../components/Dialog';
import { Money } from '../components/Money';
import { QrCode } from '../components/QrCode';
import { uuid } from '../lib/ids';
import { exponent, formatMoney, parseMoney, quickAmounts, toDecimalString } from '../lib/money';
import { cashDue, withLocalPayment } from '../offline/orders';
import { useStaff } from '../staff/context';

type Mode = 'choose' | 'cash' | 'card';

/**
 * Taking payment for one order: the amount (the whole balance, or a part of it to split the
 * bill), then cash with a keypad, quick amounts and the change, or card through Stripe Checkout
 * shown as a QR code for the guest's phone, confirmed live when the webhook arrives.
 */
export function Payment(props: { orderId: string; onClose(): void }) {
  const staff = useStaff();
  const currency = staff.currency;
  const rounding = staff.session.me.tenant.cash_rounding;
  const order = () => staff.orders[props.orderId]!;
  const [mode, setMode] = createSignal<Mode>('choose');
  const [amountText, setAmountText] = createSignal(
    toDecimalString(order().balance, exponent(currency)),
  );
  const [tendered, setTendered] = createSignal(0);
  const [error, setError] = createSignal<string | null>(null);
  const [card, setCard] = createSignal<PaymentView | null>(null);
  const [cardDone, setCardDone] = createSignal(false);
  const [busy, setBusy] = createSignal(false);

  const amount = createMemo(() => parseMoney(amountText(), currency));
  const amountOk = () => {
    const a = amount();
    return a !== null && a > 0 && a <= order().balance;
  };
  const due = () => (amountOk() ? cashDue(order(), amount()!, rounding) : 0);
  const change = () => tendered() - due();

  const split = (n: number) =>
    setAmountText(toDecimalString(Math.ceil(order().balance / n), exponent(currency)));

  const key = (k: string) => {
    if (k === 'clear') setTendered(0);
    else if (k === 'back') setTendered((t) => Math.floor(t / 10));
    else setTendered((t) => Math.min(100_000_000, t * 10 ** k.length + Number(k)));
  };

  const takeCash = async () => {
    if (!amountOk() || change() < 0) return;
    const a = amount()!;
    const id = uuid();
    const o = order();
    const unsent = staff.pending().some((p) => p.id === o.id);
    staff.setOrders(o.id, withLocalPayment(o, a));
    await staff.outbox.enqueue({
      id,
      kind: 'payment',
      path: `/orders/${o.id}/payments`,
      body: { id, method: 'cash', amount: a, tendered: tendered() || due() },
      ...(unsent ? { after: o.id } : {}),
      label: `Cash ${formatMoney(a, currency)}`,
    });
    setTendered(0);
    setAmountText(toDecimalString(Math.max(0, o.balance - a), exponent(currency)));
    setMode('choose');
  };

  const startCard = async () => {
    if (!amountOk()) return;
    setBusy(true);
    setError(null);
    try {
      const p = await api<PaymentView>('POST', `/orders/${props.orderId}/payments`, {
        id: uuid(),
        method: 'card',
        amount: amount()!,
      });
      staff.setOrders(p.order.id, p.order);
      setCard(p);
      setMode('card');
    } catch (e) {
      if (e instanceof NetworkError) setError('Card payments need the network.');
      else if (e instanceof ApiError) setError(e.message);
      else throw e;
    } finally {
      setBusy(false);
    }
  };

  const cancelCard = async () => {
    const p = card();
    if (p && !cardDone()) {
      await api('POST', `/orders/${props.orderId}/payments/${p.id}/cancel`).catch(() => {});
    }
    setCard(null);
    setCardDone(false);
    setMode('choose');
  };

  // The webhook settles card payments; the socket tells us (and a poll covers a lost event).
  const off = staff.onEvent((e) => {
    const d = e.data as { payment?: { id: string } };
    if (e.type === 'payment.succeeded' && d.payment?.id === card()?.id) setCardDone(true);
  });
  const poll = setInterval(async () => {
    const p = card();
    if (!p || cardDone() || !staff.online()) return;
    try {
      const o = await api<import('../api/types').Order>('GET', `/orders/${props.orderId}`);
      staff.setOrders(o.id, o);
      if ((o.pending_total ?? 0) === 0 && o.paid_total >= p.order.paid_total + p.amount)
        setCardDone(true);
    } catch {
      // next time
    }
  }, 4000);
  onCleanup(() => {
    off();
    clearInterval(poll);
  });

  const paidInFull = () => order().balance <= 0 || order().status !== 'open';
  const serverKnown = () =>
    order().ticket_number > 0 && !staff.pending().some((p) => p.id === order().id);

  return (
    <Dialog
      title={order().ticket_number ? `Pay order #${order().ticket_number}` : 'Pay order'}
      onClose={props.onClose}
      class="payment"
    >
      <dl class="totals">
        <dt>Total</dt>
        <dd>
          <Money amount={order().total} currency={currency} />
        </dd>
        <dt>Paid</dt>
        <dd>
          <Money amount={order().paid_total} currency={currency} />
        </dd>
        <dt>Balance due</dt>
        <dd class="total">
          <Money amount={Math.max(0, order().balance)} currency={currency} />
        </dd>
      </dl>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Switch>
        <Match when={paidInFull()}>
          <p class="success" role="status">
            <Show when={cardDone()}>Card payment received. </Show>
            Paid in full.
          </p>
          <div class="row">
            <Show
              when={serverKnown()}
              fallback={<p class="muted">The receipt can be printed once the order is sent.</p>}
            >
              <button type="button" class="btn" onClick={() => printReceipt(order().id)}>
                Print receipt
              </button>
            </Show>
            <button type="button" class="btn primary" onClick={() => props.onClose()}>
              Done
            </button>
          </div>
        </Match>
        <Match when={mode() === 'choose'}>
          <label class="field">
            <span>Amount to pay</span>
            <input
              type="text"
              inputMode="decimal"
              value={amountText()}
              aria-invalid={!amountOk()}
              onInput={(e) => setAmountText(e.currentTarget.value)}
            />
          </label>
          <fieldset class="row plain">
            <legend class="sr-only">Split the bill</legend>
            <span class="muted">Split:</span>
            <For each={[2, 3, 4]}>
              {(n) => (
                <button type="button" class="btn small" onClick={() => split(n)}>
                  1/{n}
                </button>
              )}
            </For>
            <button
              type="button"
              class="btn small"
              onClick={() => setAmountText(toDecimalString(order().balance, exponent(currency)))}
            >
              All
            </button>
          </fieldset>
          <div class="row">
            <button
              type="button"
              class="btn primary big"
              disabled={!amountOk()}
              onClick={() => setMode('cash')}
            >
              Cash
            </button>
            <button
              type="button"
              class="btn big"
              disabled={!amountOk() || !staff.online() || busy() || !serverKnown()}
              aria-describedby="card-note"
              onClick={() => void startCard()}
            >
              Card
            </button>
          </div>
          <p id="card-note" class="muted">
            {!staff.online()
              ? 'Card payments need the network.'
              : !serverKnown()
                ? 'Card payments need the order sent first.'
                : 'Card: the guest scans a QR code and pays on their phone.'}
          </p>
        </Match>
        <Match when={mode() === 'cash'}>
          <div class="cash">
            <p>
              Cash due <Money amount={due()} currency={currency} />
            </p>
            <fieldset class="row plain">
              <legend class="sr-only">Quick amounts</legend>
              <For each={quickAmounts(due(), currency)}>
                {(v) => (
                  <button type="button" class="btn" onClick={() => setTendered(v)}>
                    {formatMoney(v, currency)}
                  </button>
                )}
              </For>
            </fieldset>
            <p class="tendered" aria-live="polite">
              Tendered <Money amount={tendered()} currency={currency} />
            </p>
            <fieldset class="keypad plain">
              <legend class="sr-only">Keypad</legend>
              <For each={['1', '2', '3', '4', '5', '6', '7', '8', '9', '00', '0', 'back']}>
                {(k) => (
                  <button
                    type="button"
                    class="btn key"
                    aria-label={k === 'back' ? 'Delete last digit' : k}
                    onClick={() => key(k)}
                  >
                    {k === 'back' ? '⌫' : k}
                  </button>
                )}
              </For>
            </fieldset>
            <p class="change" role="status">
              {change() >= 0 ? 'Change ' : 'Still due '}
              <Money amount={Math.abs(change())} currency={currency} />
            </p>
            <div class="row">
              <button type="button" class="btn" onClick={() => setMode('choose')}>
                Back
              </button>
              <button
                type="button"
                class="btn primary big"
                disabled={change() < 0 || tendered() === 0}
                onClick={() => void takeCash()}
              >
                Take cash
              </button>
            </div>
          </div>
        </Match>
        <Match when={mode() === 'card' && card()}>
          {(p) => (
            <div class="card-pay">
              <Show
                when={!cardDone()}
                fallback={
                  <p class="success" role="status">
                    Card payment received.
                  </p>
                }
              >
                <QrCode text={p().checkout_url ?? ''} label="QR code to pay by card" />
                <p role="status">
                  Waiting for payment of <Money amount={p().amount} currency={currency} />…
                </p>
                <a href={p().checkout_url ?? '#'} target="_blank" rel="noopener">
                  Open the checkout page
                </a>
              </Show>
              <div class="row">
                <button type="button" class="btn" onClick={() => void cancelCard()}>
                  {cardDone() ? 'Back' : 'Cancel card payment'}
                </button>
              </div>
            </div>
          )}
        </Match>
      </Switch>
    </Dialog>
  );
}
