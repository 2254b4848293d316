import type { Sql } from '../db/client';
import { FAIL_AFTER_MS, LEASE_MS, retryDelayMs } from '../kitchen/backoff';
import { recordPrinted, recordSendFailed } from '../kitchen/print-outcome';
import { claimPrintJobs } from '../kitchen/store';
import type { StreamEvent } from '../platform';
import { sendToPrinter } from './tcp-printer';

export interface DispatcherOptions {
  /** How often to look for due jobs (ms). */
  intervalMs?: number;
  /** Longest wait between retries to a printer that is off (ms). */
  maxDelayMs?: number;
  baseDelayMs?: number;
  failAfterMs?: number;
  send?: typeof sendToPrinter;
  now?: () => Date;
  /** Hands committed events (a printer failing or back) to the hub, so displays update at once. */
  publish?: (tenantId: string, events: StreamEvent[]) => Promise<void>;
}

/**
 * The Node server's sender: leases the head job of each printer's queue, sends it over TCP, then
 * marks it printed. A job is stored (with its bytes) before this ever sees it, so a crash between
 * storing and sending only delays it: the next process picks it up. A crash after the printer took
 * the job (closed the connection, see sendToPrinter) but before the mark would reprint once the
 * lease runs out; that window is one UPDATE.
 */
export function startPrintDispatcher(sql: Sql, o: DispatcherOptions = {}) {
  const interval = o.intervalMs ?? 1000;
  const send = o.send ?? sendToPrinter;
  const clock = o.now ?? (() => new Date());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  async function sendOne(job: Awaited<ReturnType<typeof claimPrintJobs>>[number]) {
    try {
      await send(job.host, job.port, job.payload);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      const { events } = await recordSendFailed(sql, job.tenant_id, job, {
        error,
        now: clock(),
        delayMs: retryDelayMs(job.attempts + 1, o.maxDelayMs, o.baseDelayMs),
        failAfterMs: o.failAfterMs ?? FAIL_AFTER_MS,
      });
      await o.publish?.(job.tenant_id, events);
      return false;
    }
    const { events } = await recordPrinted(sql, job.tenant_id, job, clock());
    await o.publish?.(job.tenant_id, events);
    return true;
  }

  /** One pass: send every due head job; go again at once while something printed. */
  async function tick() {
    for (let round = 0; round < 100 && !stopped; round++) {
      const jobs = await claimPrintJobs(sql, { now: clock(), leaseMs: LEASE_MS, limit: 20 });
      if (!jobs.length) return;
      const sent = await Promise.all(jobs.map(sendOne));
      if (!sent.some(Boolean)) return;
    }
  }

  const loop = () => {
    if (stopped) return;
    running = tick()
      .catch((e) => console.warn(`print dispatcher: ${e instanceof Error ? e.message : e}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, interval);
      });
  };
  loop();
  return {
    /** Runs a pass now (tests; and after a job is stored, to skip the wait). */
    kick: () => tick(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
