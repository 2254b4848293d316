import type { Db } from '../db/client';

/**
 * Locks the tenant row until the transaction ends. Writes that check a tenant-wide rule before
 * they act (a unique name, the last owner, a device quota) take it first, so two concurrent
 * requests cannot both pass the check.
 */
export async function lockTenant(tx: Db, tenantId: string): Promise<void> {
  await tx`select id from tenants where id = ${tenantId} for update`;
}
