import { exponent } from './money';

/** One note or coin of a currency, in minor units. */
export interface Denomination {
  value: number;
  kind: 'note' | 'coin';
}

/**
 * Notes and coins in circulation, in major units (largest first). Withdrawn ones are left out
 * (Swiss 1 and 2 Rappen); rare ones too (the US dollar coin, the $2 bill is kept: it is tendered).
 */
const KNOWN: Record<string, { notes: number[]; coins: number[] }> = {
  EUR: {
    notes: [500, 200, 100, 50, 20, 10, 5],
    coins: [2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01],
  },
  CHF: { notes: [1000, 200, 100, 50, 20, 10], coins: [5, 2, 1, 0.5, 0.2, 0.1, 0.05] },
  USD: { notes: [100, 50, 20, 10, 5, 2, 1], coins: [0.5, 0.25, 0.1, 0.05, 0.01] },
  GBP: { notes: [50, 20, 10, 5], coins: [2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01] },
  CAD: { notes: [100, 50, 20, 10, 5], coins: [2, 1, 0.25, 0.1, 0.05] },
  AUD: { notes: [100, 50, 20, 10, 5], coins: [2, 1, 0.5, 0.2, 0.1, 0.05] },
  JPY: { notes: [10000, 5000, 2000, 1000], coins: [500, 100, 50, 10, 5, 1] },
};

/** Major units to minor units without float noise (0.05 × 100 = 5.000000000000001). */
const toMinor = (major: number, exp: number) => Math.round(major * 10 ** exp);

/**
 * The notes and coins to count in a cash drawer of `currency`, largest first, in minor units.
 * Unknown currencies get a 1-2-5 series from the exponent: notes 5 to 500 major units, coins
 * 2 and 1, then fractions down to a hundredth of the major unit (never below one minor unit).
 */
export function denominations(currency: string): Denomination[] {
  const exp = exponent(currency);
  const known = KNOWN[currency.toUpperCase()];
  if (known) {
    return [
      ...known.notes.map((v) => ({ value: toMinor(v, exp), kind: 'note' as const })),
      ...known.coins.map((v) => ({ value: toMinor(v, exp), kind: 'coin' as const })),
    ];
  }
  const unit = 10 ** exp;
  const notes = [500, 200, 100, 50, 20, 10, 5].map((v) => ({
    value: v * unit,
    kind: 'note' as const,
  }));
  const coins: Denomination[] = [2, 1].map((v) => ({ value: v * unit, kind: 'coin' as const }));
  // Fractions 0.5, 0.2, 0.1, 0.05 … while at least one minor unit and at least 1/100 of the unit.
  const smallest = Math.max(1, unit / 100);
  for (let scale = unit / 10; scale >= 1; scale /= 10) {
    for (const f of [5, 2, 1]) {
      const v = f * scale;
      if (Number.isInteger(v) && v >= smallest) coins.push({ value: v, kind: 'coin' });
    }
  }
  return [...notes, ...coins];
}

/** The total of a count: `counts` maps a denomination's value to how many there are. */
export function countedTotal(counts: Record<number, number>): number {
  let total = 0;
  for (const [value, n] of Object.entries(counts)) {
    if (Number.isInteger(n) && n > 0) total += Number(value) * n;
  }
  return total;
}
