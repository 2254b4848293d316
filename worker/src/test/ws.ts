import WebSocket from 'ws';

/** A `ws` client for realtime tests (Node 20 has no global WebSocket): queued messages, close code. */
export interface TestSocket {
  ws: WebSocket;
  /** Every JSON message received so far, in order. */
  received: Record<string, unknown>[];
  /** Resolves with the first message (from the start) matching `pred` that was not yet taken. */
  next(
    pred?: (m: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Collects `n` events (messages with a seq), skipping control messages. */
  events(n: number, timeoutMs?: number): Promise<Record<string, unknown>[]>;
  send(message: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function openSocket(
  url: string,
  options: { autoPong?: boolean; headers?: Record<string, string> } = {},
): Promise<TestSocket> {
  const ws = new WebSocket(url, { headers: options.headers });
  const received: Record<string, unknown>[] = [];
  let taken = 0;
  const waiters = new Set<() => void>();
  const closed = new Promise<{ code: number; reason: string }>((ok) => {
    ws.on('close', (code, reason) => {
      ok({ code, reason: reason.toString() });
      for (const w of waiters) w();
    });
  });
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as Record<string, unknown>;
    if (m.type === 'ping' && options.autoPong !== false) ws.send(JSON.stringify({ type: 'pong' }));
    received.push(m);
    for (const w of waiters) w();
  });
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
    ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
  });
  const consumed = new Set<number>();
  const next: TestSocket['next'] = (pred = () => true, timeoutMs = 5000) =>
    new Promise((ok, fail) => {
      const check = () => {
        for (let i = taken; i < received.length; i++) {
          if (consumed.has(i)) continue;
          if (pred(received[i]!)) {
            consumed.add(i);
            while (consumed.has(taken)) taken++;
            cleanup();
            ok(received[i]!);
            return true;
          }
        }
        if (ws.readyState === WebSocket.CLOSED) {
          cleanup();
          fail(new Error(`socket closed; received ${JSON.stringify(received)}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        fail(new Error(`timed out; received ${JSON.stringify(received)}`));
      }, timeoutMs);
      const waiter = () => void check();
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(waiter);
      };
      if (!check()) waiters.add(waiter);
    });
  return {
    ws,
    received,
    next,
    async events(n, timeoutMs = 5000) {
      const out: Record<string, unknown>[] = [];
      for (let i = 0; i < n; i++)
        out.push(await next((m) => typeof m.seq === 'number' && 'data' in m, timeoutMs));
      return out;
    },
    send: (m) => ws.send(JSON.stringify(m)),
    closed,
    close: () => ws.close(),
  };
}

/** Opens a staff socket, authenticates and waits for `ready`. */
export async function connectStaff(
  baseUrl: string,
  tenantId: string,
  token: string,
  since?: number,
  options: { autoPong?: boolean } = {},
) {
  const s = await openSocket(
    `${baseUrl.replace(/^http/, 'ws')}/api/v1/realtime?tenant=${tenantId}`,
    options,
  );
  s.send({ type: 'auth', token, ...(since !== undefined ? { since } : {}) });
  const ready = await s.next((m) => m.type === 'ready');
  return { socket: s, ready: ready as { type: 'ready'; seq: number } };
}
