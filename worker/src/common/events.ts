import type { Db } from '../db/client';
import type { StreamEvent } from '../platform';

/**
 * Appends one event inside the caller's transaction. The counter row makes seq gapless and
 * commit-ordered per tenant: a second writer waits on the row lock until the first commits.
 */
export async function appendEvent(
  tx: Db,
  tenantId: string,
  type: string,
  data: unknown,
): Promise<StreamEvent> {
  // One statement (one round trip): bump the counter, then insert the row with the new seq.
  const [ev] = await tx<{ seq: number; at: Date }[]>`
    with counter as (
      insert into tenant_counters (tenant_id, event_seq) values (${tenantId}, 1)
      on conflict (tenant_id) do update set event_seq = tenant_counters.event_seq + 1
      returning event_seq
    )
    insert into events (tenant_id, seq, type, data)
    select ${tenantId}::uuid, event_seq, ${type}::text, ${tx.json(data as never)} from counter
    returning seq, at`;
  const seq = ev!.seq;
  return { seq, type, data, at: ev!.at.toISOString() };
}
