import type { Db } from '../db/client';

export async function audit(
  db: Db,
  entry: {
    tenantId: string;
    actorId: string | null;
    action: string;
    objectType: string;
    objectId?: string | null;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await db`
    insert into audit_log (tenant_id, actor_id, action, object_type, object_id, detail)
    values (${entry.tenantId}, ${entry.actorId}, ${entry.action}, ${entry.objectType},
            ${entry.objectId ?? null}, ${db.json((entry.detail ?? {}) as never)})`;
}
