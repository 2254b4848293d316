import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../platform';
import { guestEvent } from './guest-view';
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
  const printer = ev('printer.failing', { station_id: 's1', job_id: 'j1', error: 'refused' });
  const future = ev('shift.closed', { shift: { id: 's1' } });
  const unknown = ev('something.new', {});

  it('gives kitchen screens orders, lines, catalog, tables and printers, never payments or shifts', () => {
    const k = { kind: 'staff', role: 'kitchen' } as const;
    expect([order, line, catalog, table, printer].every((e) => visibleTo(k, e))).toBe(true);
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
    expect([catalog, table, printer, future].some((e) => visibleTo(g, e))).toBe(false);
    expect(visibleTo({ kind: 'guest', orderId: 'o2' }, order)).toBe(false);
  });

  it('finds the order of an event in data.order.id or data.order_id', () => {
    expect(orderIdOf(order)).toBe('o1');
    expect(orderIdOf(line)).toBe('o1');
    expect(orderIdOf(catalog)).toBeUndefined();
    expect(orderIdOf(ev('order.updated', null))).toBeUndefined();
  });
});

describe('guestEvent', () => {
  it('keeps only what the guest’s own GET shows: no voided lines, no staff notes or reasons', () => {
    const order = {
      id: 'o1',
      ticket_number: 7,
      type: 'dine_in',
      table_id: 't1',
      source: 'qr',
      status: 'open',
      note: 'regular, knows the owner',
      lines: [
        {
          id: 'l1',
          product_id: 'p1',
          name: 'Cake',
          quantity: 1,
          unit_price: 420,
          modifiers: [{ id: 'm1', name: 'Cream', price_delta: 50 }],
          tax_rate_bp: 700,
          line_total: 470,
          tax: 31,
          status: 'queued',
          voided: false,
          void_reason: null,
          note: null,
        },
        { id: 'l2', name: 'Tea', quantity: 1, voided: true, void_reason: 'typo', modifiers: [] },
      ],
      subtotal: 470,
      discount_total: 0,
      discount: { kind: 'amount', value: 0, reason: 'staff friend' },
      tax_total: 31,
      total: 470,
      paid_total: 0,
      balance: 470,
      receipt_number: null,
      created_at: '2026-01-01T00:00:00.000Z',
    };
    const e = guestEvent(ev('order.updated', { order }, 9));
    expect(e).toEqual({
      seq: 9,
      type: 'order.updated',
      at: expect.any(String),
      data: {
        order: {
          id: 'o1',
          ticket_number: 7,
          status: 'open',
          lines: [
            {
              id: 'l1',
              name: 'Cake',
              quantity: 1,
              modifiers: [{ name: 'Cream', price_delta: 50 }],
              line_total: 470,
              status: 'queued',
              note: null,
            },
          ],
          subtotal: 470,
          discount_total: 0,
          tax_total: 31,
          total: 470,
          paid_total: 0,
          balance: 470,
          created_at: '2026-01-01T00:00:00.000Z',
        },
      },
    });
    const paid = guestEvent(
      ev('payment.succeeded', {
        order_id: 'o1',
        payment: {
          id: 'p',
          method: 'card',
          amount: 470,
          tip: 0,
          status: 'succeeded',
          shift_id: 's',
        },
      }),
    );
    expect(paid.data).toEqual({
      order_id: 'o1',
      payment: { id: 'p', method: 'card', amount: 470, tip: 0, status: 'succeeded' },
    });
  });
});
