import { createUniqueId } from 'solid-js';
import { exponent, formatMoney, parseMoney, toDecimalString } from '../lib/money';

/** A plain decimal in the user's locale with the currency's places, no grouping: "12.50" / "12,50". */
export function formatDecimal(minor: number, currency: string): string {
  const exp = exponent(currency);
  return new Intl.NumberFormat(undefined, {
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
    useGrouping: false,
  }).format(toDecimalString(minor, exp) as unknown as number);
}

/**
 * An amount of money typed as a decimal ("12.5", "12,50"); the value is integer minor units (or
 * null when it is not an amount). It is reformatted with Intl on blur and read back below it in
 * the tenant's currency, so "1250" typed by mistake is seen as €1,250.00 before it is sent.
 */
export function MoneyInput(props: {
  label: string;
  currency: string;
  text: string;
  onText(text: string): void;
  id?: string;
}) {
  const hint = createUniqueId();
  const inputId = props.id ?? createUniqueId();
  const value = () => parseMoney(props.text, props.currency);
  return (
    <div class="field">
      <label for={inputId}>{props.label}</label>
      <input
        id={inputId}
        inputmode="decimal"
        autocomplete="off"
        value={props.text}
        aria-describedby={hint}
        aria-invalid={props.text !== '' && value() === null}
        onInput={(e) => props.onText(e.currentTarget.value)}
        onBlur={() => {
          const v = value();
          if (v !== null) props.onText(formatDecimal(v, props.currency));
        }}
      />
      <small id={hint} class="muted">
        {value() === null
          ? props.text === ''
            ? ' '
            : 'Not an amount'
          : formatMoney(value()!, props.currency)}
      </small>
    </div>
  );
}
