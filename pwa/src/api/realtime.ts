import type { RealtimeEvent } from './types';

/**
 * The staff realtime socket (docs/realtime.md): auth as the first message with `since`, replay then
 * live, pong to pings, a fresh token before the old one expires, and reconnection with back-off
 * that resumes from the last seq seen. `resync` means "reload what you show".
 */
export interface RealtimeOptions {
  url: string;
  /** Staff sockets authenticate; guest sockets (tracking token in the URL) do not. */
  token?: () => Promise<string | null>;
  onEvent(e: RealtimeEvent): void;
  onResync?(): void;
  onStatus?(s: 'connecting' | 'live' | 'down'): void;
  /** Resume point kept across page loads by the caller. */
  since?: number;
}

export interface RealtimeHandle {
  close(): void;
  readonly seq: number;
}

export function wsUrl(path: string): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/api/v1${path}`;
}

export function connectRealtime(opts: RealtimeOptions): RealtimeHandle {
  let seq = opts.since;
  let ws: WebSocket | null = null;
  let closed = false;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let reauthTimer: ReturnType<typeof setInterval> | undefined;

  const schedule = () => {
    if (closed) return;
    opts.onStatus?.('down');
    const delay = Math.min(30_000, 500 * 2 ** Math.min(failures, 6)) * (0.5 + Math.random() / 2);
    failures++;
    retryTimer = setTimeout(open, delay);
  };

  async function open() {
    if (closed) return;
    opts.onStatus?.('connecting');
    const token = opts.token ? await opts.token().catch(() => null) : null;
    if (opts.token && !token) return schedule();
    const socket = new WebSocket(opts.url);
    ws = socket;
    socket.onopen = () => {
      if (token) {
        socket.send(
          JSON.stringify({ type: 'auth', token, ...(seq !== undefined ? { since: seq } : {}) }),
        );
        // Access tokens live ≤ 15 min: each minute, hand the server the token again once it
        // has been renewed (the token callback renews it minutes before it expires).
        let current = token;
        reauthTimer = setInterval(async () => {
          const fresh = await opts.token?.().catch(() => null);
          if (fresh && fresh !== current && socket.readyState === WebSocket.OPEN) {
            current = fresh;
            socket.send(JSON.stringify({ type: 'auth', token: fresh }));
          }
        }, 60_000);
      }
    };
    socket.onmessage = (m) => {
      let msg: { type: string; seq?: number };
      try {
        msg = JSON.parse(String(m.data));
      } catch {
        return;
      }
      if (msg.type === 'ping') socket.send('{"type":"pong"}');
      else if (msg.type === 'ready') {
        failures = 0;
        if (typeof msg.seq === 'number') seq = msg.seq;
        opts.onStatus?.('live');
      } else if (msg.type === 'resync') {
        seq = undefined;
        opts.onResync?.();
      } else if (typeof msg.seq === 'number') {
        failures = 0;
        seq = msg.seq;
        opts.onStatus?.('live');
        opts.onEvent(msg as RealtimeEvent);
      }
    };
    socket.onclose = () => {
      clearInterval(reauthTimer);
      if (ws === socket) ws = null;
      schedule();
    };
  }

  void open();
  const onOnline = () => {
    if (!ws && !closed) {
      clearTimeout(retryTimer);
      failures = 0;
      void open();
    }
  };
  window.addEventListener('online', onOnline);
  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      clearInterval(reauthTimer);
      window.removeEventListener('online', onOnline);
      ws?.close();
    },
    get seq() {
      return seq ?? 0;
    },
  };
}
