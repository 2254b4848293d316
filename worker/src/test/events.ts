import { appendEvent } from '../common/events';
import type { Sql } from '../db/client';
import type { Hub, StreamEvent } from '../platform';

/**
 * Commits events the way a domain write does (appendEvent inside the transaction) and publishes
 * them after commit, until the orders routes exist to produce real ones.
 */
export async function commitEvents(
  sql: Sql,
  hub: Hub | undefined,
  tenantId: string,
  events: { type: string; data: unknown }[],
): Promise<StreamEvent[]> {
  const written = await sql.begin(async (tx) => {
    const out: StreamEvent[] = [];
    for (const e of events) out.push(await appendEvent(tx, tenantId, e.type, e.data));
    return out;
  });
  await hub?.publish(tenantId, written);
  return written;
}

/** An order.created event about a made-up order (enough for routing and filtering). */
export const orderCreated = (orderId: string = crypto.randomUUID(), n = 0) => ({
  type: 'order.created',
  data: { order: { id: orderId, ticket_number: n, status: 'open' } },
});
