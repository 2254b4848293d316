import { describe, expect, it } from 'vitest';
import { CURRENCIES, currencyExponent } from '../../../worker/src/tenants/currencies';
import { exponent, formatMoney, parseMoney, quickAmounts, toDecimalString } from './money';

describe('money', () => {
  it('knows each currency exponent', () => {
    expect([exponent('EUR'), exponent('JPY'), exponent('KWD')]).toEqual([2, 0, 3]);
  });

  it('turns minor units into decimal strings without floats', () => {
    expect(toDecimalString(1250, 2)).toBe('12.50');
    expect(toDecimalString(5, 2)).toBe('0.05');
    expect(toDecimalString(-5, 2)).toBe('-0.05');
    expect(toDecimalString(1234, 0)).toBe('1234');
    expect(toDecimalString(1, 3)).toBe('0.001');
    // 2^53 - 1 minor units stay exact
    expect(toDecimalString(9007199254740991, 2)).toBe('90071992547409.91');
  });

  it('formats with Intl in the tenant currency', () => {
    expect(formatMoney(1250, 'EUR')).toMatch(/12[.,]50/);
    expect(formatMoney(1250, 'JPY')).toMatch(/1,?250/);
  });

  it('parses typed amounts to minor units', () => {
    expect(parseMoney('12.5', 'EUR')).toBe(1250);
    expect(parseMoney('12,50', 'EUR')).toBe(1250);
    expect(parseMoney('7', 'EUR')).toBe(700);
    expect(parseMoney('1.234', 'EUR')).toBeNull();
    expect(parseMoney('abc', 'EUR')).toBeNull();
    expect(parseMoney('300', 'JPY')).toBe(300);
  });

  it('offers the exact sum and the next round notes', () => {
    expect(quickAmounts(950, 'EUR')).toEqual([950, 1000, 2000, 5000]);
    expect(quickAmounts(1000, 'EUR')).toEqual([1000, 2000, 5000, 10000]);
    expect(quickAmounts(1234, 'JPY')).toEqual([1234, 1235, 1240, 1250]);
  });
});

describe('money in every currency of the worker’s table', () => {
  /** The number in a formatted amount, grouping removed: "HUF 12,345.67" → "12345.67". */
  const numberIn = (text: string) => /\d[\d,]*(\.\d+)?/.exec(text)?.[0].replace(/,/g, '');

  it('takes decimals from the table, not from Intl (HUF is not 100× off)', () => {
    for (const code of CURRENCIES) expect(exponent(code), code).toBe(currencyExponent(code));
    expect(exponent('HUF')).toBe(2);
    expect(exponent('IQD')).toBe(3);
    expect(numberIn(formatMoney(1250, 'HUF'))).toBe('12.50');
    expect(numberIn(formatMoney(1250, 'IQD'))).toBe('1.250');
    expect(parseMoney('12.50', 'HUF')).toBe(1250);
  });

  it('formats and parses every currency with exactly its minor digits', () => {
    for (const code of CURRENCIES) {
      const exp = currencyExponent(code);
      const minor = 1234567;
      const text = toDecimalString(minor, exp);
      expect(numberIn(formatMoney(minor, code)), code).toBe(text);
      expect(parseMoney(text, code), code).toBe(minor);
      // One digit too many is not an amount of this currency.
      expect(parseMoney(`1.${'0'.repeat(exp + 1)}`, code), code).toBeNull();
    }
  });
});
