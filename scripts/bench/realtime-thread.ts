/**
 * The threads of `npm run bench -- realtime` (scripts/bench/realtime.ts): instance B, which holds
 * the kitchen sockets, and the kitchen screens themselves, each on an event loop of its own as
 * they would be in production (another instance, other devices). Times are the system's monotonic
 * clock (process.hrtime), which every thread of the process reads alike.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import type { RedisHub } from '../../worker/src/realtime/redis-hub';
import { startNode } from '../../worker/src/runtime/node';

export type ThreadData =
  | { role: 'instance'; env: Record<string, string>; clockBase: bigint; rawPattern: string }
  | {
      role: 'screens';
      url: string;
      tenants: { id: string; token: string }[];
      sockets: number;
      clockBase: bigint;
    };

/** Main → thread. */
export type ToThread =
  | { type: 'expect'; count: number }
  | { type: 'report'; tenants: string[] }
  | { type: 'stop' };
/** Thread → main. */
export type FromThread =
  | { type: 'started'; port: number }
  | { type: 'connected' }
  /** The deliveries of one round: (tenant index, seq, receive time in ms since clockBase) triples. */
  | { type: 'received'; records: Float64Array }
  /**
   * Instance B's fan-outs, (tenant index, first seq, start, end) quadruples, and the raw messages
   * its thread received while the orders ran: (tenant index, seq, received) triples.
   */
  | { type: 'fanouts'; records: Float64Array; raw: Float64Array }
  | { type: 'stopped' };

export const clockMs = (base: bigint) => Number(process.hrtime.bigint() - base) / 1e6;
const sleep = (n: number) => new Promise((ok) => setTimeout(ok, n));
const port = parentPort!;
const post = (m: FromThread) => port.postMessage(m);
const data = workerData as ThreadData;

async function instance(d: Extract<ThreadData, { role: 'instance' }>) {
  const { env, clockBase } = d;
  const log = console.log;
  console.log = () => {};
  const node = await startNode(env, { port: 0 });
  while (node.platform.hub.status() !== 'ok') await sleep(20);
  console.log = log;
  // The baseline under the same load: plain pub/sub into this thread, published by A next to
  // each commit, received by a subscriber on the event loop that serves B's sockets.
  const raw: number[] = [];
  const sub = new Redis(env.REDIS_URL!);
  sub.on('pmessage', (_p, _channel, message: string) => {
    const now = clockMs(clockBase);
    const m = JSON.parse(message) as { i: number; seq: number };
    raw.push(m.i, m.seq, now);
  });
  await sub.psubscribe(d.rawPattern);
  // Where B's time goes: when each event reached B's sockets and when the last one had been written.
  const fanouts: [tenantId: string, seq: number, start: number, end: number][] = [];
  const hub = node.platform.hub as Partial<RedisHub>;
  if (hub.sockets) {
    const sockets = hub.sockets;
    const deliver = sockets.deliver.bind(sockets);
    sockets.deliver = (tenantId, events) => {
      const start = clockMs(clockBase);
      deliver(tenantId, events);
      fanouts.push([tenantId, events[0]?.seq ?? 0, start, clockMs(clockBase)]);
    };
  }
  port.on('message', async (m: ToThread) => {
    if (m.type === 'report') {
      const index = new Map(m.tenants.map((id, i) => [id, i]));
      const records = fanouts.flatMap(([t, seq, start, end]) => [
        index.get(t) ?? -1,
        seq,
        start,
        end,
      ]);
      post({ type: 'fanouts', records: Float64Array.from(records), raw: Float64Array.from(raw) });
    } else if (m.type === 'stop') {
      sub.disconnect();
      console.log = () => {};
      await node.stop();
      post({ type: 'stopped' });
    }
  });
  post({ type: 'started', port: node.port });
}

/** Plain `ws` clients: one JSON.parse per message, as a screen does, and nothing else. */
async function screens(d: Extract<ThreadData, { role: 'screens' }>) {
  const url = `${d.url.replace(/^http/, 'ws')}/api/v1/realtime?tenant=`;
  let records: number[] = [];
  let expected = Number.POSITIVE_INFINITY;
  const all: WebSocket[] = [];
  const flush = () => {
    if (records.length / 3 < expected) return;
    post({ type: 'received', records: Float64Array.from(records) });
    records = [];
    expected = Number.POSITIVE_INFINITY;
  };
  for (const [index, t] of d.tenants.entries()) {
    for (let s = 0; s < d.sockets; s++) {
      const ws = new WebSocket(`${url}${t.id}`);
      await new Promise<void>((ok, fail) => {
        ws.once('open', () => ok());
        ws.once('error', fail);
      });
      const ready = new Promise<void>((ok) => {
        ws.on('message', (raw) => {
          const now = clockMs(d.clockBase);
          const m = JSON.parse(raw.toString()) as { type?: string; seq?: number; data?: unknown };
          if (m.type === 'ready') ok();
          else if (m.type === 'ping') ws.send('{"type":"pong"}');
          if (m.seq === undefined || m.data === undefined) return;
          records.push(index, m.seq, now);
          flush();
        });
      });
      ws.send(JSON.stringify({ type: 'auth', token: t.token }));
      await ready;
      all.push(ws);
    }
  }
  port.on('message', (m: ToThread) => {
    if (m.type === 'expect') {
      expected = m.count;
      flush();
    } else if (m.type === 'stop') {
      for (const ws of all) ws.terminate();
      post({ type: 'stopped' });
    }
  });
  post({ type: 'connected' });
}

if (data.role === 'instance') await instance(data);
else await screens(data);
