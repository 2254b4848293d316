import { describe, expect, it } from 'vitest';
import type { LineStatus } from '../api/types';
import { ageLevel, allDayCounts, ticketNext } from './kitchen-logic';

const t0 = Date.parse('2026-12-02T12:00:00Z');
const at = (min: number) => t0 + min * 60_000;
const settings = { amber_minutes: 8, red_minutes: 15 };

describe('kitchen display logic', () => {
  it('colours tickets by age: amber from the amber threshold, red from the red one', () => {
    const created = new Date(t0).toISOString();
    expect([0, 7.9, 8, 14.9, 15, 60].map((m) => ageLevel(created, at(m), settings))).toEqual([
      'fresh',
      'fresh',
      'amber',
      'amber',
      'red',
      'red',
    ]);
    expect(ageLevel(created, at(3), { amber_minutes: 2, red_minutes: 5 })).toBe('amber');
  });

  it('moves a ticket one step past its least advanced fired line; held lines do not count', () => {
    expect(
      ticketNext([
        { status: 'ready', held: false },
        { status: 'preparing', held: false },
        { status: 'queued', held: true },
      ]),
    ).toBe('ready');
    expect(ticketNext([{ status: 'queued', held: true }])).toBeNull();
    expect(ticketNext([{ status: 'ready', held: false }])).toBe('served');
  });

  it('counts what is waiting all day, by name, held and ready lines left out', () => {
    const line = (name: string, quantity: number, status: LineStatus = 'queued', held = false) => ({
      name,
      quantity,
      status,
      held,
    });
    expect(
      allDayCounts([
        { lines: [line('Flat white', 2), line('Cake', 1), line('Steak', 1, 'queued', true)] },
        { lines: [line('Flat white', 4, 'preparing'), line('Cake', 1, 'ready')] },
      ]),
    ).toEqual([
      { name: 'Flat white', quantity: 6 },
      { name: 'Cake', quantity: 1 },
    ]);
  });
});
