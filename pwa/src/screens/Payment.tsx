import { useNavigate } from '@solidjs/router';
import {
  createEffect,
  createMemo,
  createSignal,
  For,
  Match,
  on,
  onCleanup,
  Show,
  Switch,
} from 'solid-js';
import { ApiError, api, NetworkError } from '../api/client';
import { printReceipt } from '../api/receipt';
import { openShift } from '../api/shift';
import type { Payment as PaymentView } from '../api/types';
import { Dialog } from '../components/Dialog';
import { Money } from '../components/Money';
import { QrCode } from '../components/QrCode';
import { uuid } from '../lib/ids';
import { exponent, formatMoney, parseMoney, quickAmounts, toDecimalString } from '../lib/money';
import { TIP_PRESETS, type TipChoice, tipFor } from '../lib/tip';
import { cashDue, withLocalPayment } from '../offline/orders';
import { useStaff } from '../staff/context';

type Mode = 'choose' | 'no-shift' | 'cash' | 'card' | 'terminal';

/**
 * Taking payment for one order: the amount (the whole balance, or a part of it to split the
 * bill), then cash with a keypad, quick amounts and the change, or card through Stripe Checkout
 * shown as a QR code for the guest's phone, confirmed live when the webhook arrives.
 */
export function Payment(props: {
  orderId: string;
  /** The amount to start with (an equal share); the whole balance when not given. */
  amount?: number | undefined;
  onClose(): void;
  onActions?: (() => void) | undefined;
  /** Opens the split screen for this order (by item, by seat, equally). */
  onSplit?: (() => void) | undefined;
}) {
  const staff = useStaff();
  const navigate = useNavigate();
  const currency = staff.currency;
  const rounding = staff.tenant().cash_rounding;
  const order = () => staff.orders[props.orderId]!;
  const [mode, setMode] = createSignal<Mode>('choose');
  const [amountText, setAmountText] = createSignal(
    toDecimalString(
      Math.min(props.amount ?? order().balance, order().balance),
      exponent(currency()),
    ),
  );
  const [tendered, setTendered] = createSignal(0);
  const [error, setError] = createSignal<string | null>(null);
  const [card, setCard] = createSignal<PaymentView | null>(null);
  const [cardDone, setCardDone] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [tipChoice, setTipChoice] = createSignal<TipChoice>({ kind: 'none' });
  const [customTip, setCustomTip] = createSignal('');
  const [reference, setReference] = createSignal('');
  /** Stripe is not set up on this server: the QR tender is hidden, the others remain. */
  const [cardOff, setCardOff] = createSignal(false);
  /** null: not known (offline); the cashier is warned before cash with no shift open. */
  const [shiftOpen, setShiftOpen] = createSignal<boolean | null>(null);
  const [shiftWarned, setShiftWarned] = createSignal(false);
  if (staff.online()) {
    openShift()
      .then((s) => setShiftOpen(!!s))
      .catch(() => setShiftOpen(null));
  }

  // The balance changes while this dialog is open: a discount, or someone else paying part (a
  // guest's share, another till). An amount that was the whole bill follows it, and one now above
  // what is due comes down to it; else the tenders would stay disabled.
  createEffect(
    on(
      () => order().balance,
      (balance, before) => {
        if (before === undefined || balance === before || balance <= 0) return;
        const typed = parseMoney(amountText(), currency());
        if (typed === before || (typed !== null && typed > balance)) {
          setAmountText(toDecimalString(balance, exponent(currency())));
        }
      },
    ),
  );

  const amount = createMemo(() => parseMoney(amountText(), currency()));
  const amountOk = () => {
    const a = amount();
    return a !== null && a > 0 && a <= order().balance;
  };
  const tip = () => (amountOk() ? tipFor(tipChoice(), amount()!) : 0);
  const tipOk = () => tip() !== null && tip()! <= 100_000_000;
  const due = () => (amountOk() ? cashDue(order(), amount()!, rounding) : 0);
  /** Cash the guest hands over covers the amount and the tip. */
  const cashTotal = () => due() + (tip() ?? 0);
  const change = () => tendered() - cashTotal();

  const split = (n: number) =>
    setAmountText(toDecimalString(Math.ceil(order().balance / n), exponent(currency())));

  const key = (k: string) => {
    if (k === 'clear') setTendered(0);
    else if (k === 'back') setTendered((t) => Math.floor(t / 10));
    else setTendered((t) => Math.min(100_000_000, t * 10 ** k.length + Number(k)));
  };

  /**
   * Cash and terminal payments succeed at once, so both go through the outbox (they work
   * offline, queued behind their order when it is not sent yet).
   */
  const record = async (method: 'cash' | 'terminal') => {
    if (!amountOk() || !tipOk()) return;
    if (method === 'cash' && change() < 0) return;
    const a = amount()!;
    const t = tip() ?? 0;
    const id = uuid();
    const o = order();
    // Read before the local update: `o` is a live store proxy and shows the new balance after.
    const balanceBefore = o.balance;
    const unsent = staff.pending().some((p) => p.id === o.id);
    staff.setOrders(o.id, withLocalPayment(o, a));
    const ref = reference().trim();
    const body =
      method === 'cash'
        ? { id, method, amount: a, tendered: tendered() || cashTotal(), ...(t ? { tip: t } : {}) }
        : { id, method, amount: a, ...(t ? { tip: t } : {}), ...(ref ? { reference: ref } : {}) };
    await staff.outbox.enqueue({
      id,
      kind: 'payment',
      path: `/orders/${o.id}/payments`,
      body,
      ...(unsent ? { after: o.id } : {}),
      label: `${method === 'cash' ? 'Cash' : 'Terminal'} ${formatMoney(a, currency())}`,
    });
    setTendered(0);
    setReference('');
    setTipChoice({ kind: 'none' });
    setCustomTip('');
    setError(null);
    setAmountText(toDecimalString(Math.max(0, balanceBefore - a), exponent(currency())));
    setMode('choose');
  };
  const takeCash = () => record('cash');

  const startCash = () => {
    if (shiftOpen() === false && !shiftWarned()) setMode('no-shift');
    else setMode('cash');
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
        ...(tip() ? { tip: tip()! } : {}),
      });
      staff.setOrders(p.order.id, p.order);
      setCard(p);
      setMode('card');
    } catch (e) {
      if (e instanceof NetworkError) setError('Card payments need the network.');
      else if (e instanceof ApiError && /card-payments-off/.test(String(e.body.type ?? ''))) {
        // Not a dead end: the café's own terminal and cash still work.
        setCardOff(true);
        setError(
          'Card by QR code is not set up on this server. Take the card on your terminal (Terminal) or take cash.',
        );
      } else if (e instanceof ApiError) setError(e.message);
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

  const tipPicker = () => (
    <fieldset class="row plain tips">
      <legend class="field-legend">Tip</legend>
      <button
        type="button"
        class="btn"
        aria-pressed={tipChoice().kind === 'none'}
        onClick={() => setTipChoice({ kind: 'none' })}
      >
        No tip
      </button>
      <For each={TIP_PRESETS}>
        {(p) => (
          <button
            type="button"
            class="btn"
            aria-pressed={
              tipChoice().kind === 'percent' && (tipChoice() as { percent: number }).percent === p
            }
            onClick={() => setTipChoice({ kind: 'percent', percent: p })}
          >
            {p} %
          </button>
        )}
      </For>
      <input
        type="text"
        inputMode="decimal"
        class="tip-custom"
        aria-label="Custom tip"
        placeholder="Other"
        value={customTip()}
        aria-invalid={tipChoice().kind === 'custom' && !tipOk()}
        onInput={(e) => {
          setCustomTip(e.currentTarget.value);
          const v = e.currentTarget.value.trim();
          setTipChoice(
            v ? { kind: 'custom', amount: parseMoney(v, currency()) } : { kind: 'none' },
          );
        }}
      />
      <Show when={tipOk() && (tip() ?? 0) > 0}>
        <span class="muted">
          Tip <Money amount={tip() ?? 0} currency={currency()} />
        </span>
      </Show>
    </fieldset>
  );

  return (
    <Dialog
      title={order().ticket_number ? `Pay order #${order().ticket_number}` : 'Pay order'}
      onClose={props.onClose}
      class="payment"
      footer={
        <Switch>
          <Match when={paidInFull()}>
            <div class="row">
              <Show
                when={serverKnown()}
                fallback={<p class="muted">The receipt can be printed once the order is sent.</p>}
              >
                <button type="button" class="btn" onClick={() => printReceipt(order().id)}>
                  Print receipt
                </button>
              </Show>
              <button type="button" class="btn primary grow" onClick={() => props.onClose()}>
                Done
              </button>
            </div>
          </Match>
          <Match when={mode() === 'cash'}>
            <p class="change" role="status">
              {change() >= 0 ? 'Change ' : 'Still due '}
              <Money amount={Math.abs(change())} currency={currency()} />
            </p>
            <div class="row">
              <button type="button" class="btn" onClick={() => setMode('choose')}>
                Back
              </button>
              <button
                type="button"
                class="btn primary big grow"
                disabled={change() < 0 || tendered() === 0 || !tipOk()}
                onClick={() => void takeCash()}
              >
                Take cash
              </button>
            </div>
          </Match>
          <Match when={mode() === 'terminal'}>
            <div class="row">
              <button type="button" class="btn" onClick={() => setMode('choose')}>
                Back
              </button>
              <button
                type="button"
                class="btn primary big grow"
                disabled={!amountOk() || !tipOk()}
                onClick={() => void record('terminal')}
              >
                Terminal approved: record {formatMoney((amount() ?? 0) + (tip() ?? 0), currency())}
              </button>
            </div>
          </Match>
          <Match when={mode() === 'no-shift'}>
            <div class="row">
              <button
                type="button"
                class="btn"
                onClick={() => {
                  props.onClose();
                  navigate('/shift');
                }}
              >
                Open a shift
              </button>
              <button
                type="button"
                class="btn primary big grow"
                onClick={() => {
                  setShiftWarned(true);
                  setMode('cash');
                }}
              >
                Take cash without a shift
              </button>
            </div>
          </Match>
          <Match when={mode() === 'choose'}>
            <div class="row tenders">
              <button
                type="button"
                class="btn primary big"
                disabled={!amountOk() || !tipOk()}
                onClick={startCash}
              >
                Cash
              </button>
              <button
                type="button"
                class="btn big"
                disabled={!amountOk() || !tipOk()}
                onClick={() => setMode('terminal')}
              >
                Terminal
              </button>
              <Show when={!cardOff()}>
                <button
                  type="button"
                  class="btn big"
                  disabled={!amountOk() || !tipOk() || !staff.online() || busy() || !serverKnown()}
                  aria-describedby="card-note"
                  onClick={() => void startCard()}
                >
                  Card
                </button>
              </Show>
            </div>
            <p id="card-note" class="muted">
              {cardOff()
                ? 'Terminal: the café’s card reader. Card by QR code is not set up.'
                : !staff.online()
                  ? 'Card payments need the network.'
                  : !serverKnown()
                    ? 'Card payments need the order sent first.'
                    : 'Terminal: your card reader. Card: the guest pays by QR code.'}
            </p>
          </Match>
        </Switch>
      }
    >
      <dl class="totals">
        <dt>Total</dt>
        <dd>
          <Money amount={order().total} currency={currency()} />
        </dd>
        <dt>Paid</dt>
        <dd>
          <Money amount={order().paid_total} currency={currency()} />
        </dd>
        <dt>Balance due</dt>
        <dd class="total">
          <Money amount={Math.max(0, order().balance)} currency={currency()} />
        </dd>
      </dl>
      {/* An error belongs to the attempt: once the order is paid it is no longer news. */}
      <Show when={error() && !paidInFull()}>
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
                <button type="button" class="btn" onClick={() => split(n)}>
                  1/{n}
                </button>
              )}
            </For>
            <button
              type="button"
              class="btn"
              onClick={() => setAmountText(toDecimalString(order().balance, exponent(currency())))}
            >
              All
            </button>
            {/* Splitting makes new orders on the server, which refuses orders with payments. */}
            <Show when={props.onSplit && serverKnown() && order().paid_total === 0}>
              <button
                type="button"
                class="btn"
                disabled={!staff.online() || (order().pending_total ?? 0) > 0}
                onClick={() => props.onSplit?.()}
              >
                By item or seat…
              </button>
            </Show>
          </fieldset>
          {tipPicker()}
          <Show when={props.onActions && order().paid_total === 0}>
            <button type="button" class="btn" onClick={() => props.onActions?.()}>
              Discount or void…
            </button>
          </Show>
        </Match>
        <Match when={mode() === 'no-shift'}>
          <div class="notice" role="alert">
            <p>
              <strong>No shift is open.</strong> Cash taken now belongs to no shift: it will not be
              in any Z report or cash count.
            </p>
          </div>
        </Match>
        <Match when={mode() === 'terminal'}>
          <p>
            Charge <Money amount={(amount() ?? 0) + (tip() ?? 0)} currency={currency()} /> on the
            card terminal
            <Show when={(tip() ?? 0) > 0}>
              {' '}
              (<Money amount={amount() ?? 0} currency={currency()} /> + tip{' '}
              <Money amount={tip() ?? 0} currency={currency()} />)
            </Show>
            , then record it here once the terminal approves.
          </p>
          <label class="field">
            <span>Terminal reference (optional)</span>
            <input
              type="text"
              maxLength={100}
              value={reference()}
              onInput={(e) => setReference(e.currentTarget.value)}
            />
          </label>
        </Match>
        <Match when={mode() === 'cash'}>
          <div class="cash">
            <p>
              Cash due <Money amount={cashTotal()} currency={currency()} />
              <Show when={(tip() ?? 0) > 0}>
                <span class="muted">
                  {' '}
                  (tip <Money amount={tip() ?? 0} currency={currency()} />)
                </span>
              </Show>
            </p>
            <fieldset class="row plain">
              <legend class="sr-only">Quick amounts</legend>
              <For each={quickAmounts(cashTotal(), currency())}>
                {(v) => (
                  <button type="button" class="btn" onClick={() => setTendered(v)}>
                    {formatMoney(v, currency())}
                  </button>
                )}
              </For>
            </fieldset>
            <p class="tendered" aria-live="polite">
              Tendered <Money amount={tendered()} currency={currency()} />
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
                  Waiting for payment of <Money amount={p().amount} currency={currency()} />…
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
