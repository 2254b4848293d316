/** Waits between sends to a printer that is off: 2 s, 4 s, 8 s… capped (30 s by default). */
export function retryDelayMs(attempts: number, capMs = 30_000, baseMs = 2_000): number {
  const n = Math.max(1, Math.min(attempts, 20));
  return Math.min(capMs, baseMs * 2 ** (n - 1));
}

/** After this long failing, a job is given up (failed) until someone retries it. */
export const FAIL_AFTER_MS = 10 * 60_000;
/** How long a claimed job is reserved for its sender before another may take it. */
export const LEASE_MS = 30_000;
