import { describe, expect, it } from 'vitest';
import { pendingSummary } from './pending';

describe('pendingSummary', () => {
  it('names each kind apart: an order and its payment are not "2 orders"', () => {
    expect(pendingSummary([{ kind: 'order' }, { kind: 'payment' }])).toBe(
      '1 order and 1 payment pending',
    );
  });
  it('plurals and three kinds', () => {
    expect(pendingSummary([{ kind: 'order' }, { kind: 'order' }])).toBe('2 orders pending');
    expect(
      pendingSummary([
        { kind: 'payment' },
        { kind: 'lines' },
        { kind: 'order' },
        { kind: 'payment' },
      ]),
    ).toBe('1 order, 1 round and 2 payments pending');
  });
  it('a discount queued offline is a discount, not a table change', () => {
    expect(pendingSummary([{ kind: 'order' }, { kind: 'discount' }, { kind: 'payment' }])).toBe(
      '1 order, 1 discount and 1 payment pending',
    );
  });
  it('nothing pending is an empty string', () => {
    expect(pendingSummary([])).toBe('');
  });
});
