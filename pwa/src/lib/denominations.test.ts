import { describe, expect, it } from 'vitest';
import { countedTotal, denominations } from './denominations';

const values = (c: string) => denominations(c).map((d) => d.value);

describe('cash count denominations', () => {
  it('lists the euro notes and coins in cents, largest first', () => {
    expect(values('EUR')).toEqual([
      50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1,
    ]);
    const eur = denominations('EUR');
    expect(eur.filter((d) => d.kind === 'note')).toHaveLength(7);
    expect(eur.find((d) => d.value === 200)?.kind).toBe('coin');
  });

  it('knows Swiss francs (no 1 and 2 Rappen), dollars (quarters) and pounds', () => {
    expect(values('CHF')).toEqual([
      100000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5,
    ]);
    expect(values('USD')).toEqual([10000, 5000, 2000, 1000, 500, 200, 100, 50, 25, 10, 5, 1]);
    expect(values('GBP')).toEqual([5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1]);
    expect(values('usd')).toEqual(values('USD'));
  });

  it('uses the exponent of a currency with no exponent (yen)', () => {
    expect(values('JPY')).toEqual([10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 1]);
  });

  it('falls back to a 1-2-5 series from the currency exponent', () => {
    // SEK: exponent 2
    expect(values('SEK')).toEqual([
      50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1,
    ]);
    // KWD: exponent 3, fractions stop at 1/100 of a dinar
    expect(values('KWD')).toEqual([
      500000, 200000, 100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10,
    ]);
    // ISK: exponent 0, whole units only
    expect(values('ISK')).toEqual([500, 200, 100, 50, 20, 10, 5, 2, 1]);
    for (const c of ['EUR', 'CHF', 'USD', 'GBP', 'JPY', 'SEK', 'KWD', 'ISK']) {
      const v = values(c);
      expect(new Set(v).size, c).toBe(v.length);
      expect(
        v.every((x) => Number.isInteger(x) && x > 0),
        c,
      ).toBe(true);
      expect(
        [...v].sort((a, b) => b - a),
        c,
      ).toEqual(v);
    }
  });

  it('sums a count per denomination, ignoring blanks and nonsense', () => {
    expect(countedTotal({})).toBe(0);
    // 2 × €50 + 1 × €2 + 1 × €0.10 = €102.10
    expect(countedTotal({ 5000: 2, 200: 1, 10: 1 })).toBe(10210);
    expect(countedTotal({ 5000: 2, 200: -1, 10: 1.5, 5: Number.NaN })).toBe(10000);
  });
});
