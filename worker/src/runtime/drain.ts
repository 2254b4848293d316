import type { Server, ServerResponse } from 'node:http';

/**
 * How long a shutdown waits for requests in flight before it cuts their connections: inside
 * Docker's default 10 s between SIGTERM and SIGKILL, with room left to close the pool.
 */
export const DRAIN_MS = 8000;

/**
 * Counts the HTTP requests this server is answering, so a shutdown can let them finish: a payment
 * in flight during a deploy either completes with its normal answer or never starts. The server's
 * request listener calls `track` (a second 'request' listener would cost every request a copy of
 * the listener array).
 */
export function trackRequests(server: Server) {
  let inFlight = 0;
  const idle = new Set<() => void>();
  // One shared handler: no closure per request ('close' fires once per response).
  const finished = () => {
    inFlight--;
    if (inFlight === 0) for (const wake of [...idle]) wake();
  };
  return {
    track(res: ServerResponse): void {
      inFlight++;
      res.on('close', finished);
    },
    get inFlight() {
      return inFlight;
    },
    /**
     * Stops accepting connections, lets the requests in flight finish (at most `ms`), then closes
     * every connection left. Resolves with what was still running when the bound cut it off.
     */
    async drain(ms = DRAIN_MS): Promise<{ waitedMs: number; cut: number }> {
      const started = Date.now();
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      // Keep-alive connections that finish a request while we wait go idle: close them as they do,
      // so a client's next request goes to another instance instead of this one.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      server.closeIdleConnections();
      const allDone =
        inFlight === 0
          ? Promise.resolve()
          : new Promise<void>((ok) => {
              const wake = () => {
                idle.delete(wake);
                ok();
              };
              idle.add(wake);
            });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const bound = new Promise<void>((ok) => {
        timer = setTimeout(ok, ms);
      });
      await Promise.race([allDone, bound]);
      clearTimeout(timer);
      clearInterval(sweep);
      const cut = inFlight;
      server.closeAllConnections();
      await closed;
      return { waitedMs: Date.now() - started, cut };
    },
  };
}
