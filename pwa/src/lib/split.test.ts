import { describe, expect, it } from 'vitest';
import type { OrderLine } from '../api/types';
import { groupBySeat, pickedLines, seatSplits } from './split';

const line = (id: string, seat: number | null, quantity = 1, voided = false): OrderLine => ({
  id,
  product_id: 'p',
  name: id,
  quantity,
  unit_price: 100,
  modifiers: [],
  tax_rate_bp: 0,
  line_total: 100 * quantity,
  tax: 0,
  status: 'queued',
  note: null,
  seat,
  voided,
});

describe('split by seat', () => {
  it('groups live lines by seat, shared lines last, and splits off every seat but the first', () => {
    const groups = groupBySeat([
      line('a', 2),
      line('b', null),
      line('c', 1, 2),
      line('d', 3),
      line('e', 2),
      line('v', 3, 1, true),
    ]);
    expect(groups.map((g) => [g.seat, g.lines.map((l) => l.id)])).toEqual([
      [1, ['c']],
      [2, ['a', 'e']],
      [3, ['d']],
      [null, ['b']],
    ]);
    expect(seatSplits(groups)).toEqual([
      {
        seat: 2,
        lines: [
          { line_id: 'a', quantity: 1 },
          { line_id: 'e', quantity: 1 },
        ],
      },
      { seat: 3, lines: [{ line_id: 'd', quantity: 1 }] },
    ]);
  });

  it('has nothing to split when no line or one seat is set', () => {
    expect(seatSplits(groupBySeat([line('a', null), line('b', null)]))).toEqual([]);
    expect(seatSplits(groupBySeat([line('a', 4), line('b', null)]))).toEqual([]);
  });

  it('turns picked quantities into split lines, dropping zeros', () => {
    expect(pickedLines({ a: 1, b: 0, c: 2 })).toEqual([
      { line_id: 'a', quantity: 1 },
      { line_id: 'c', quantity: 2 },
    ]);
  });
});
