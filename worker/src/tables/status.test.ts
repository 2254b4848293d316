import { describe, expect, it } from 'vitest';
import { defaultLayout, floorAreas, type HeldOrder, tableStatus } from './status';

const order = (o: Partial<HeldOrder>): HeldOrder => ({
  id: 'o',
  ticket_number: 1,
  status: 'open',
  total: 1000,
  paid_total: 0,
  pending_total: 0,
  created_at: new Date('2026-12-02T10:00:00Z'),
  line_statuses: ['queued'],
  ...o,
});

describe('tableStatus', () => {
  it.each([
    ['free', []],
    ['ordered', [order({})]],
    ['ordered', [order({ line_statuses: ['served', 'ready'] })]],
    ['served', [order({ line_statuses: ['served', 'served'] })]],
    ['billing', [order({ line_statuses: ['served'], pending_total: 500 })]],
    ['billing', [order({ paid_total: 300 })]],
    ['paid', [order({ status: 'paid', paid_total: 1000 })]],
    ['ordered', [order({ status: 'paid', paid_total: 1000 }), order({ id: 'b' })]],
    ['ordered', [order({ line_statuses: [] })]],
  ] as const)('is %s for %j', (want, orders) => {
    expect(tableStatus([...orders])).toBe(want);
  });
});

describe('floorAreas', () => {
  it('groups tables by area in table order, lays out unplaced tables and dates the oldest order', () => {
    const rows = [
      { id: 't1', name: 'T1', area: 'Inside', seats: 2, position: 0, layout: null },
      { id: 't2', name: 'T2', area: 'Terrace', seats: 4, position: 1, layout: null },
      {
        id: 't3',
        name: 'T3',
        area: 'Inside',
        seats: null,
        position: 2,
        layout: { x: 50, y: 40, w: 10, h: 10, shape: 'round' as const, rotation: 45 },
      },
    ];
    const older = order({ id: 'a', created_at: new Date('2026-12-02T09:00:00Z') });
    const newer = order({ id: 'b', paid_total: 200 });
    const areas = floorAreas(rows, new Map([['t1', [newer, older]]]));
    expect(areas.map((a) => [a.name, a.tables.map((t) => t.name)])).toEqual([
      ['Inside', ['T1', 'T3']],
      ['Terrace', ['T2']],
    ]);
    const [t1, t3] = areas[0]!.tables;
    expect(t1).toMatchObject({
      status: 'billing',
      since: older.created_at,
      layout: defaultLayout(0),
      orders: [
        { id: 'a', balance: 1000 },
        { id: 'b', balance: 800 },
      ],
    });
    expect(t3).toMatchObject({ status: 'free', since: null, orders: [], layout: rows[2]!.layout });
    expect(areas[1]!.tables[0]!.layout).toEqual(defaultLayout(0));
  });
});
