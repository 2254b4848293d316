import { Socket } from 'node:net';

/**
 * Sends raw bytes to a network printer (ESC/POS over TCP, "port 9100"). Resolves once the printer
 * has taken every byte and the connection closed cleanly; rejects on refusal, reset or timeout, so
 * the caller retries. Printers keep no session: one connection per job.
 */
export function sendToPrinter(
  host: string,
  port: number,
  bytes: Uint8Array,
  timeoutMs = 10_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`printer ${host}:${port} timed out`)));
    socket.once('error', (e) => finish(e));
    socket.connect(port, host, () => {
      socket.end(bytes, () => finish());
    });
  });
}
