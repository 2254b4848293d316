import type { Role } from '../common/env';

/** Rank for "manager may manage staff below manager". */
export const roleRank: Record<Role, number> = {
  owner: 4,
  manager: 3,
  cashier: 2,
  waiter: 2,
  kitchen: 1,
};

export const STAFF_WRITERS: Role[] = ['owner', 'manager'];
export const ALL_ROLES: Role[] = ['owner', 'manager', 'cashier', 'waiter', 'kitchen'];

/** May `actor` create, change or remove a user holding `target`? Owners: anyone; managers: below. */
export function mayManage(actor: Role, target: Role): boolean {
  if (actor === 'owner') return true;
  if (actor === 'manager') return roleRank[target] < roleRank.manager;
  return false;
}
