import { Socket } from 'node:net';

export interface SendOptions {
  /** No progress for this long (connect, write, or waiting for the close): failed. */
  timeoutMs?: number;
  /**
   * After every byte is out, how long to wait for the printer to close its end. A printer that
   * keeps the connection open that long without an error counts as printed: failing it would
   * reprint the ticket on every retry.
   */
  closeGraceMs?: number;
}

/**
 * Sends raw bytes to a network printer (ESC/POS over TCP, "port 9100"). Printers keep no session
 * (one connection per job) and answer nothing, so the only acknowledgement there is, is how the
 * connection ends. Resolves once every byte is written and the printer closed its end cleanly
 * (it read up to our end of data), or stayed silent for `closeGraceMs`. Rejects on refusal, a reset
 * or any socket error before that point, or a timeout, so the caller keeps the job and retries.
 * Resolving only when the bytes reached the OS would count a printer that reset the connection
 * (rebooted, paper-out firmware that drops the socket) as printed.
 */
export function sendToPrinter(
  host: string,
  port: number,
  bytes: Uint8Array,
  o: SendOptions = {},
): Promise<void> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const closeGraceMs = o.closeGraceMs ?? 3_000;
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let done = false;
    let grace: ReturnType<typeof setTimeout> | undefined;
    let written = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(grace);
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`printer ${host}:${port} timed out`)));
    socket.once('error', (e) => finish(e));
    // 'close' after an error has already rejected. A clean close once everything is written is
    // the printer's "done"; before that, it hung up without taking the job.
    socket.once('close', () =>
      finish(written ? undefined : new Error(`printer ${host}:${port} closed before the end`)),
    );
    // Every byte left for the printer (the OS took them): now wait for its close.
    socket.once('finish', () => {
      written = true;
      grace = setTimeout(() => finish(), closeGraceMs);
    });
    socket.resume(); // drain anything a printer sends back (status bytes) so the close can come
    socket.connect(port, host, () => socket.end(bytes));
  });
}
