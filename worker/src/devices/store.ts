import type { Db } from '../db/client';

export interface PinStaff {
  id: string;
  name: string;
  role: string;
}

/** Staff of the tenant who can sign in by PIN (active, with a PIN set), by name. */
export async function pinStaff(db: Db, tenantId: string): Promise<PinStaff[]> {
  return db<PinStaff[]>`
    select id, name, role from users
    where tenant_id = ${tenantId} and deleted_at is null and pin_hash is not null
    order by name, id`;
}
