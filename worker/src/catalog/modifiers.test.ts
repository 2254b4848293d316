import { describe, expect, it } from 'vitest';
import { type ModifierRow, planModifiers } from './modifiers';

const row = (id: string, price_delta = 0, position = 0): ModifierRow => ({
  id,
  name: id,
  price_delta,
  available: true,
  position,
});
const sent = (name: string, extra: { id?: string; price_delta?: number } = {}) => ({
  name,
  price_delta: extra.price_delta ?? 0,
  available: true,
  ...(extra.id ? { id: extra.id } : {}),
});

describe('planModifiers', () => {
  it('keeps ids sent, adds entries without one, archives the rest, in the order sent', () => {
    const plan = planModifiers(
      [row('a', 0, 0), row('b', 50, 1), row('c', 10, 2)],
      [sent('New'), sent('B', { id: 'b', price_delta: 60 }), sent('A', { id: 'a' })],
    );
    expect(plan).toEqual({
      ok: true,
      update: [
        { id: 'b', name: 'B', price_delta: 60, available: true, position: 1 },
        { id: 'a', name: 'A', price_delta: 0, available: true, position: 2 },
      ],
      insert: [{ name: 'New', price_delta: 0, available: true, position: 0 }],
      archive: ['c'],
      repriced: [{ id: 'b', from: 50, to: 60 }],
    });
  });

  it('refuses ids that are not the group’s, naming their index', () => {
    expect(planModifiers([row('a')], [sent('A', { id: 'a' }), sent('X', { id: 'x' })])).toEqual({
      ok: false,
      unknown: [{ index: 1, id: 'x' }],
    });
  });

  it('empties the list when sent []', () => {
    expect(planModifiers([row('a'), row('b')], [])).toMatchObject({
      ok: true,
      archive: ['a', 'b'],
      update: [],
      insert: [],
    });
  });
});
