import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../platform';
import { orderIdOf, parseClientMessage, visibleTo } from './protocol';

const ev = (type: string, data: unknown, seq = 1): StreamEvent => ({
  seq,
  type,
  data,
  at: new Date().toISOString(),
});

describe('parseClientMessage', () => {
  it.each([
    ['{"type":"auth","token":"abc"}', { type: 'auth', token: 'abc' }],
    ['{"type":"auth","token":"abc","since":12}', { type: 'auth', token: 'abc', since: 12 }],
    ['{"type":"pong"}', { type: 'pong' }],
    ['{"type":"ping"}', { type: 'ping' }],
    ['{"type":"subscribe"}', { type: 'unknown' }],
    ['{"type":"auth"}', { type: 'invalid' }],
    ['{"type":"auth","token":"a","since":-1}', { type: 'invalid' }],
    ['{"type":"auth","token":"a","since":1.5}', { type: 'invalid' }],
    ['{"type":"auth","token":"a","since":"3"}', { type: 'invalid' }],
    ['not json', { type: 'invalid' }],
    ['[]', { type: 'invalid' }],
    ['null', { type: 'invalid' }],
    ['{"type":3}', { type: 'invalid' }],
  ])('%s', (text, expected) => {
    expect(parseClientMessage(text)).toEqual(expected);
  });
});

describe('visibleTo', () => {
  const order = ev('order.created', { order: { id: 'o1' } });
  const line = ev('order.line_status', { order_id: 'o1', line: { id: 'l1' } });
  const payment = ev('payment.succeeded', { payment: { id: 'p1' }, order_id: 'o1' });
  const catalog = ev('catalog.changed', { version: 3 });
  const table = ev('table.updated', { table: { id: 't1' } });
  const future = ev('shift.closed', { shift: { id: 's1' } });
  const unknown = ev('something.new', {});

  it('gives kitchen screens orders, lines, catalog and tables, never payments or shifts', () => {
    const k = { kind: 'staff', role: 'kitchen' } as const;
    expect([order, line, catalog, table].every((e) => visibleTo(k, e))).toBe(true);
    expect([payment, future, unknown].some((e) => visibleTo(k, e))).toBe(false);
  });

  it('gives payments to those who may take them, and unknown types to owners and managers only', () => {
    for (const role of ['owner', 'manager', 'cashier'] as const) {
      expect(visibleTo({ kind: 'staff', role }, payment)).toBe(true);
    }
    expect(visibleTo({ kind: 'staff', role: 'waiter' }, payment)).toBe(false);
    expect(visibleTo({ kind: 'staff', role: 'owner' }, unknown)).toBe(true);
    expect(visibleTo({ kind: 'staff', role: 'cashier' }, unknown)).toBe(false);
  });

  it('gives a guest only the events of their own order', () => {
    const g = { kind: 'guest', orderId: 'o1' } as const;
    expect([order, line, payment].every((e) => visibleTo(g, e))).toBe(true);
    expect([catalog, table, future].some((e) => visibleTo(g, e))).toBe(false);
    expect(visibleTo({ kind: 'guest', orderId: 'o2' }, order)).toBe(false);
  });

  it('finds the order of an event in data.order.id or data.order_id', () => {
    expect(orderIdOf(order)).toBe('o1');
    expect(orderIdOf(line)).toBe('o1');
    expect(orderIdOf(catalog)).toBeUndefined();
    expect(orderIdOf(ev('order.updated', null))).toBeUndefined();
  });
});
