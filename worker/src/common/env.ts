import type { Sql } from '../db/client';
import type { Platform } from '../platform';

export type Role = 'owner' | 'manager' | 'cashier' | 'waiter' | 'kitchen';

export interface Principal {
  userId: string;
  tenantId: string;
  role: Role;
}

/** The Hono environment every domain sub-app shares. */
export interface AppEnv {
  Variables: {
    platform: Platform;
    sql: Sql;
    requestId: string;
    principal: Principal;
  };
}
