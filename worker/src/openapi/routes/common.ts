import type { Role } from '../../common/env';

export const v1 = '/api/v1';

/** Role lists as the routes' guards check them (see each domain's routes.ts). */
export const OWNER: readonly Role[] = ['owner'];
export const MANAGERS: readonly Role[] = ['owner', 'manager'];
export const CASHIERS: readonly Role[] = ['owner', 'manager', 'cashier'];
export const ORDER_WRITERS: readonly Role[] = ['owner', 'manager', 'cashier', 'waiter'];
