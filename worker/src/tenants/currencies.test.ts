import { describe, expect, it } from 'vitest';
import { formatMoney } from '../orders/receipt';
import { CURRENCIES, currencyExponent, isCurrency } from './currencies';

/** The number in a formatted amount, grouping removed: "HUF 12,345.67" → "12345.67". */
const numberIn = (text: string) => /\d[\d,]*(\.\d+)?/.exec(text)?.[0].replace(/,/g, '');

describe('the currency table', () => {
  it('holds ISO 4217 codes this runtime knows, each with 0, 2 or 3 minor digits', () => {
    const known = new Set(Intl.supportedValuesOf('currency'));
    expect(CURRENCIES.length).toBeGreaterThan(150);
    for (const code of CURRENCIES) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect(isCurrency(code), code).toBe(true);
      expect(known.has(code), code).toBe(true);
      expect([0, 2, 3], code).toContain(currencyExponent(code));
    }
    expect(isCurrency('XXX')).toBe(false);
    expect(isCurrency('eur')).toBe(false);
  });

  it('counts minor units as ISO 4217 does where ICU drops them (HUF, IQD, LBP, MMK, YER, IRR)', () => {
    const iso: Record<string, number> = {
      EUR: 2,
      USD: 2,
      HUF: 2,
      LBP: 2,
      MMK: 2,
      YER: 2,
      IRR: 2,
      IDR: 2,
      COP: 2,
      IQD: 3,
      KWD: 3,
      BHD: 3,
      JOD: 3,
      OMR: 3,
      TND: 3,
      LYD: 3,
      JPY: 0,
      KRW: 0,
      ISK: 0,
      CLP: 0,
      VND: 0,
      UGX: 0,
    };
    expect(Object.fromEntries(Object.keys(iso).map((c) => [c, currencyExponent(c)]))).toEqual(iso);
  });

  it('prints every currency on receipts with exactly its minor digits', () => {
    for (const code of CURRENCIES) {
      const exp = currencyExponent(code);
      const expected = exp ? `12345.${'678'.slice(0, exp)}` : '12345';
      const minor = exp === 0 ? 12345 : 12345 * 10 ** exp + Number('678'.slice(0, exp));
      expect(numberIn(formatMoney(minor, code)), code).toBe(expected);
    }
    expect(formatMoney(1250, 'HUF')).toMatch(/12\.50/);
  });
});
