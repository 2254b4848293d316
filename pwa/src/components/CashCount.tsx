import { createMemo, createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { countedTotal, denominations } from '../lib/denominations';
import { formatMoney, parseMoney } from '../lib/money';
import { formatDecimal, MoneyInput } from './MoneyInput';

/**
 * Counting the drawer: one row per note and coin of the tenant's currency; their sum fills
 * "Counted cash", which can also be typed directly (a count done on paper).
 */
export function CashCount(props: {
  currency: string;
  expected: number | null;
  busy: boolean;
  onClose(counted: number): void;
}) {
  const denoms = denominations(props.currency);
  const [counts, setCounts] = createStore<Record<number, number>>({});
  const [countedText, setCountedText] = createSignal('');
  const counted = () => parseMoney(countedText(), props.currency);
  const m = (v: number) => formatMoney(v, props.currency);

  const setCount = (value: number, text: string) => {
    const n = text.trim() === '' ? 0 : Number(text);
    setCounts(value, Number.isInteger(n) && n >= 0 ? n : 0);
    setCountedText(formatDecimal(countedTotal({ ...counts }), props.currency));
  };
  const difference = createMemo(() => {
    const c = counted();
    return c === null || props.expected === null ? null : c - props.expected;
  });

  return (
    <section class="card" aria-labelledby="count-title">
      <h2 id="count-title">Close shift</h2>
      <table class="figures cash-count">
        <caption class="sr-only">Cash count per note and coin</caption>
        <thead>
          <tr>
            <th scope="col">Note or coin</th>
            <th scope="col">Count</th>
            <th scope="col">Amount</th>
          </tr>
        </thead>
        <tbody>
          <For each={denoms}>
            {(d) => (
              <tr>
                <th scope="row">
                  {m(d.value)} <span class="muted">{d.kind}</span>
                </th>
                <td>
                  <input
                    type="number"
                    min="0"
                    step="1"
                    inputmode="numeric"
                    class="count"
                    aria-label={`${m(d.value)} ${d.kind}s`}
                    value={counts[d.value] || ''}
                    onInput={(e) => setCount(d.value, e.currentTarget.value)}
                  />
                </td>
                <td>{m(d.value * (counts[d.value] ?? 0))}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <MoneyInput
        label="Counted cash"
        currency={props.currency}
        text={countedText()}
        onText={setCountedText}
      />
      <Show when={difference() !== null}>
        <p role="status">
          Expected {m(props.expected!)}, difference{' '}
          <strong classList={{ error: difference()! < 0 }}>
            {difference()! > 0 ? '+' : ''}
            {m(difference()!)}
          </strong>
        </p>
      </Show>
      <button
        type="button"
        class="btn primary big"
        disabled={props.busy || counted() === null}
        onClick={() => props.onClose(counted()!)}
      >
        Close shift
      </button>
    </section>
  );
}
