import { lockTenant } from '../common/tenant-lock';
import type { Db, Sql } from '../db/client';

export interface Device {
  id: string;
  name: string;
  created_at: Date;
}

/** Shared tablets per tenant: enough for a large restaurant, few enough to bound PIN guessing. */
export const MAX_ACTIVE_DEVICES = 50;

export async function listDevices(db: Db, tenantId: string): Promise<Device[]> {
  return db<Device[]>`
    select id, name, created_at from devices
    where tenant_id = ${tenantId} and revoked_at is null
    order by name, id`;
}

/**
 * Registers a device unless the tenant already has MAX_ACTIVE_DEVICES active ones (undefined).
 * The tenant row is locked so that concurrent requests cannot both take the last place.
 */
export async function insertDevice(
  sql: Sql,
  d: { tenantId: string; name: string; tokenHash: string; createdBy: string },
): Promise<Device | undefined> {
  return sql.begin(async (tx) => {
    await lockTenant(tx, d.tenantId);
    const [count] = await tx<{ n: number }[]>`
      select count(*)::int as n from devices where tenant_id = ${d.tenantId} and revoked_at is null`;
    if (count!.n >= MAX_ACTIVE_DEVICES) return undefined;
    const [row] = await tx<Device[]>`
      insert into devices (tenant_id, name, token_hash, created_by)
      values (${d.tenantId}, ${d.name}, ${d.tokenHash}, ${d.createdBy})
      returning id, name, created_at`;
    return row;
  });
}

export async function revokeDevice(db: Db, tenantId: string, id: string): Promise<boolean> {
  const rows = await db`
    update devices set revoked_at = now()
    where tenant_id = ${tenantId} and id = ${id} and revoked_at is null returning id`;
  return rows.length > 0;
}

export interface PinStaff {
  id: string;
  name: string;
  role: string;
}

/** Staff of the tenant who can sign in by PIN (active, with a PIN set), by name. */
export async function pinStaff(db: Db, tenantId: string): Promise<PinStaff[]> {
  return db<PinStaff[]>`
    select id, name, role from users
    where tenant_id = ${tenantId} and deleted_at is null and active and pin_hash is not null
    order by name, id`;
}
