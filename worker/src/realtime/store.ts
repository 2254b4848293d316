import type { Db } from '../db/client';
import type { StreamEvent } from '../platform';

/** The event log as the realtime sessions read it; tenant id in every query. */
export interface EventLog {
  /** Events with seq > `after`, in seq order, at most `limit`. */
  after(tenantId: string, after: number, limit: number): Promise<StreamEvent[]>;
  /** The tenant's last committed seq (0 before its first event). */
  latest(tenantId: string): Promise<number>;
}

export async function eventsAfter(
  sql: Db,
  tenantId: string,
  after: number,
  limit: number,
): Promise<StreamEvent[]> {
  const rows = await sql<{ seq: number; type: string; data: unknown; at: Date }[]>`
    select seq, type, data, at from events
    where tenant_id = ${tenantId} and seq > ${after}
    order by seq
    limit ${limit}`;
  return rows.map((r) => ({ seq: r.seq, type: r.type, data: r.data, at: r.at.toISOString() }));
}

export async function latestSeq(sql: Db, tenantId: string): Promise<number> {
  const [row] = await sql<{ event_seq: number }[]>`
    select event_seq from tenant_counters where tenant_id = ${tenantId}`;
  return row?.event_seq ?? 0;
}

export function sqlEventLog(sql: Db): EventLog {
  return {
    after: (tenantId, after, limit) => eventsAfter(sql, tenantId, after, limit),
    latest: (tenantId) => latestSeq(sql, tenantId),
  };
}

/**
 * The guest socket's key: a tracking token (≥ 128 bits, made when a guest places a QR order) names
 * the order it follows. The token alone identifies the tenant, as for GET /public/orders/{token}.
 */
export async function findTrackedOrder(
  sql: Db,
  trackingToken: string,
): Promise<{ tenantId: string; orderId: string } | null> {
  const [row] = await sql<{ tenant_id: string; id: string }[]>`
    select tenant_id, id from orders where tracking_token = ${trackingToken}`;
  return row ? { tenantId: row.tenant_id, orderId: row.id } : null;
}
