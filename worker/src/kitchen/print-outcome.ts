import { appendEvent } from '../common/events';
import type { Sql } from '../db/client';
import type { StreamEvent } from '../platform';
import { markPrinted, markSendFailed, type PrintJobRow } from './store';

type Before = Pick<PrintJobRow, 'id' | 'attempts'>;

/**
 * The outcome of one send, from either sender (the Node dispatcher, a print bridge), recorded with
 * the event the kitchen displays' printer banner listens for: `printer.failing` on a job's first
 * failed attempt, `printer.recovered` when a job that had failed prints. Only those transitions
 * make an event (a printer off for ten minutes is retried many times, not announced many times).
 * The banner itself comes from GET /kitchen/tickets; the event only says "look again now".
 */
export async function recordSendFailed(
  sql: Sql,
  tenantId: string,
  before: Before,
  o: Parameters<typeof markSendFailed>[3],
): Promise<{ job: PrintJobRow | undefined; events: StreamEvent[] }> {
  return sql.begin(async (tx) => {
    const job = await markSendFailed(tx, tenantId, before.id, o);
    const events =
      job && before.attempts === 0 && job.station_id
        ? [
            await appendEvent(tx, tenantId, 'printer.failing', {
              station_id: job.station_id,
              job_id: job.id,
              error: job.error,
            }),
          ]
        : [];
    return { job, events };
  });
}

export async function recordPrinted(
  sql: Sql,
  tenantId: string,
  before: Before,
  now: Date,
): Promise<{ job: PrintJobRow | undefined; events: StreamEvent[] }> {
  return sql.begin(async (tx) => {
    const job = await markPrinted(tx, tenantId, before.id, now);
    // printed_at is kept from the first acknowledgement: only that one announces the recovery.
    const recovered = job && before.attempts > 0 && job.printed_at?.getTime() === now.getTime();
    const events =
      recovered && job.station_id
        ? [
            await appendEvent(tx, tenantId, 'printer.recovered', {
              station_id: job.station_id,
              job_id: job.id,
            }),
          ]
        : [];
    return { job, events };
  });
}
