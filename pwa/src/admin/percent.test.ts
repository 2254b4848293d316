import { describe, expect, it } from 'vitest';
import { bpToPercent, percentToBp } from './percent';

describe('tax rates in percent', () => {
  it('reads what an owner writes, with a point or a comma', () => {
    expect(percentToBp('19')).toBe(1900);
    expect(percentToBp('7.5')).toBe(750);
    expect(percentToBp('5,5')).toBe(550);
    expect(percentToBp(' 2.75 ')).toBe(275);
    expect(percentToBp('0')).toBe(0);
    expect(percentToBp('100')).toBe(10000);
  });
  it('refuses what is not a percentage from 0 to 100', () => {
    for (const t of ['', 'abc', '-1', '100.5', '250', '7.125', '1e2', '19 %']) {
      expect(percentToBp(t), t).toBeNull();
    }
  });
  it('writes basis points back as the owner would', () => {
    for (const t of ['19', '7.5', '0', '100', '2.75']) expect(bpToPercent(percentToBp(t)!)).toBe(t);
  });
});
