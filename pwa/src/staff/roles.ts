import type { Role } from '../api/types';

export const MANAGERS: Role[] = ['owner', 'manager'];
export const PAYERS: Role[] = ['owner', 'manager', 'cashier'];
/** May create orders, add lines and fire courses. */
export const ORDER_WRITERS: Role[] = ['owner', 'manager', 'cashier', 'waiter'];

/** Where each role lands: the kitchen on its display, everyone else on the POS. */
export function landingFor(role: Role): string {
  return role === 'kitchen' ? '/kitchen' : '/pos';
}
