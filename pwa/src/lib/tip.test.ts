import { describe, expect, it } from 'vitest';
import { tipFor } from './tip';

describe('tipFor', () => {
  it('a percentage of the amount paid, rounded half up to the minor unit', () => {
    expect(tipFor({ kind: 'percent', percent: 10 }, 1250)).toBe(125);
    expect(tipFor({ kind: 'percent', percent: 15 }, 1250)).toBe(188); // 187.5 → 188
    expect(tipFor({ kind: 'percent', percent: 5 }, 1229)).toBe(61); // 61.45 → 61
    expect(tipFor({ kind: 'percent', percent: 10 }, 5)).toBe(1); // 0.5 → 1
  });
  it('none is 0, custom is what was typed (null when it is not an amount)', () => {
    expect(tipFor({ kind: 'none' }, 1250)).toBe(0);
    expect(tipFor({ kind: 'custom', amount: 300 }, 1250)).toBe(300);
    expect(tipFor({ kind: 'custom', amount: null }, 1250)).toBeNull();
  });
});
