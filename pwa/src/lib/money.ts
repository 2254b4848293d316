/**
 * Money on screen. Amounts stay integers in minor units everywhere in code; only here are they
 * turned into text. The number of decimals comes from the worker's currency table (one source for
 * server and PWA), never from Intl, whose ICU data drops decimals for HUF, IQD and others; Intl
 * only draws the symbol and separators.
 */
import { currencyExponent } from '../../../worker/src/tenants/currencies';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string): Intl.NumberFormat {
  let f = formatters.get(currency);
  if (!f) {
    const exp = exponent(currency);
    f = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      minimumFractionDigits: exp,
      maximumFractionDigits: exp,
    });
    formatters.set(currency, f);
  }
  return f;
}

/** Decimal places of a currency (2 for EUR and HUF, 0 for JPY, 3 for KWD and IQD). */
export function exponent(currency: string): number {
  return currencyExponent(currency);
}

/** Minor units as a decimal string, without floats: 1250, EUR → "12.50". */
export function toDecimalString(minor: number, exp: number): string {
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(exp + 1, '0');
  if (exp === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
}

export function formatMoney(minor: number, currency: string): string {
  const exp = exponent(currency);
  // Intl accepts decimal strings (no float rounding on the way).
  return formatter(currency).format(toDecimalString(minor, exp) as unknown as number);
}

/** "12.5" / "12,50" → 1250 for EUR; null when it is not a plain amount. */
export function parseMoney(text: string, currency: string): number | null {
  const exp = exponent(currency);
  const m = text.trim().match(/^(\d{1,9})(?:[.,](\d*))?$/);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > exp) return null;
  return Number(m[1]) * 10 ** exp + Number(frac.padEnd(exp, '0') || '0');
}

/**
 * Quick cash amounts for a sum due: the exact sum, then the next round notes above it
 * (5, 10, 20, 50, 100 major units), at most `count` distinct values, ascending.
 */
export function quickAmounts(due: number, currency: string, count = 4): number[] {
  const unit = 10 ** exponent(currency);
  const out = [due];
  for (const step of [1, 5, 10, 20, 50, 100, 200]) {
    const v = Math.ceil(due / (step * unit)) * step * unit;
    if (v > due && !out.includes(v)) out.push(v);
    if (out.length >= count) break;
  }
  return out.sort((a, b) => a - b);
}
