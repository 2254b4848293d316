import type { Role } from '../api/types';

export const MANAGERS: Role[] = ['owner', 'manager'];
export const PAYERS: Role[] = ['owner', 'manager', 'cashier'];

/** Where each role lands: the kitchen on its display, everyone else on the POS. */
export function landingFor(role: Role): string {
  return role === 'kitchen' ? '/kitchen' : '/pos';
}
