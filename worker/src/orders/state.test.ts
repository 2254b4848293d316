import { describe, expect, it } from 'vitest';
import { lineMoveAllowed, orderAllows, paymentMoveAllowed } from './state';

describe('order state machine', () => {
  it('allows changes only while open, closing only once paid', () => {
    expect(orderAllows('open', 'add_lines')).toBe(true);
    expect(orderAllows('paid', 'add_lines')).toBe(false);
    expect(orderAllows('closed', 'discount')).toBe(false);
    expect(orderAllows('void', 'pay')).toBe(false);
    expect(orderAllows('open', 'close')).toBe(false);
    expect(orderAllows('paid', 'close')).toBe(true);
    expect(orderAllows('paid', 'void')).toBe(false);
    expect(orderAllows('paid', 'refund')).toBe(true);
    expect(orderAllows('open', 'refund')).toBe(false);
  });

  it('moves kitchen lines forward, or one step back', () => {
    expect(lineMoveAllowed('queued', 'preparing')).toBe(true);
    expect(lineMoveAllowed('queued', 'served')).toBe(true);
    expect(lineMoveAllowed('ready', 'preparing')).toBe(true);
    expect(lineMoveAllowed('served', 'preparing')).toBe(false);
    expect(lineMoveAllowed('ready', 'ready')).toBe(false);
  });

  it('settles a payment only from pending', () => {
    expect(paymentMoveAllowed('pending', 'succeeded')).toBe(true);
    expect(paymentMoveAllowed('succeeded', 'failed')).toBe(false);
    expect(paymentMoveAllowed('canceled', 'succeeded')).toBe(false);
  });
});
