import type { Db } from '../db/client';

export interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  detail: Record<string, unknown>;
  /** `at` at full (microsecond) precision, for the cursor: a JS Date keeps milliseconds only. */
  at_key: string;
}

export interface AuditQuery {
  from?: Date;
  to?: Date;
  actor?: string;
  /** Exact action, or a prefix when it ends in `*` (`order.*`, `login*`). */
  action?: string;
  limit: number;
  after?: { at: string; id: string };
}

/** The tenant's audit trail, newest first, keyset-paginated on (at, id). */
export async function listAudit(db: Db, tenantId: string, q: AuditQuery): Promise<AuditRow[]> {
  const prefix = q.action?.endsWith('*') ? q.action.slice(0, -1) : undefined;
  const like = prefix?.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  return db<AuditRow[]>`
    select id, at, actor_id, action, object_type, object_id, detail, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_key
    from audit_log
    where tenant_id = ${tenantId}
      ${q.from ? db`and at >= ${q.from}` : db``}
      ${q.to ? db`and at < ${q.to}` : db``}
      ${q.actor ? db`and actor_id = ${q.actor}` : db``}
      ${like !== undefined ? db`and action like ${`${like}%`}` : q.action ? db`and action = ${q.action}` : db``}
      ${q.after ? db`and (at, id) < (${q.after.at}::timestamptz, ${q.after.id}::uuid)` : db``}
    order by at desc, id desc
    limit ${q.limit}`;
}
