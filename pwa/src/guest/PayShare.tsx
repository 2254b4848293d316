import { createSignal, Show } from 'solid-js';
import { QtyStepper } from '../components/QtyStepper';
import { exponent, formatMoney, parseMoney, toDecimalString } from '../lib/money';
import { GuestError } from './api';
import { checkoutShare, shareOf } from './share';

/**
 * "Split N ways" or "Pay an amount" for a guest at a shared table: a card checkout for that
 * share. The others at the table (and the staff) see the balance go down as each share is paid.
 */
export function PayShare(props: {
  tracking: string;
  order: { status: string; balance: number };
  currency: string;
}) {
  const [ways, setWays] = createSignal(2);
  const [custom, setCustom] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const share = () => shareOf(props.order.balance, ways());
  const amount = () => parseMoney(custom(), props.currency);
  const amountOk = () => {
    const a = amount();
    return a !== null && a > 0 && a <= props.order.balance;
  };

  const pay = async (a: number) => {
    setError(null);
    try {
      const url = await checkoutShare(props.tracking, a);
      localStorage.setItem('comanda.guest.last', location.pathname);
      location.href = url;
    } catch (e) {
      setError(e instanceof GuestError ? e.message : 'Paying needs a connection.');
    }
  };

  return (
    <Show when={props.order.status === 'open' && props.order.balance > 0}>
      <details class="pay-share">
        <summary>Split the bill</summary>
        <div class="row">
          <span>Split</span>
          <QtyStepper
            name="ways to split"
            quantity={ways()}
            onChange={(d) => setWays((n) => Math.max(2, Math.min(20, n + d)))}
          />
          <span>ways</span>
        </div>
        <button type="button" class="btn primary" onClick={() => void pay(share())}>
          Pay my share, {formatMoney(share(), props.currency)}
        </button>
        <label class="field">
          <span>Or pay an amount</span>
          <input
            type="text"
            inputMode="decimal"
            placeholder={toDecimalString(share(), exponent(props.currency))}
            value={custom()}
            aria-invalid={custom() !== '' && !amountOk()}
            onInput={(e) => setCustom(e.currentTarget.value)}
          />
        </label>
        <button
          type="button"
          class="btn"
          disabled={!amountOk()}
          onClick={() => void pay(amount()!)}
        >
          Pay {amountOk() ? formatMoney(amount()!, props.currency) : 'this amount'}
        </button>
        <Show when={error()}>
          <p class="error" role="alert">
            {error()}
          </p>
        </Show>
      </details>
    </Show>
  );
}
