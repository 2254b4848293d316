/**
 * `npm run bench -- realtime`: two Node instances on one Postgres and the local Redis
 * (REDIS_URL, default redis://127.0.0.1:6379), 50 tenants × 20 sockets on instance B, orders
 * committed through instance A (appendEvent in a transaction, publish after commit). Reports
 * commit → socket-receive latency next to raw Redis publish → subscriber latency measured in the
 * same run with the same payload size.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { appendEvent } from '../../worker/src/common/events';
import { startNode } from '../../worker/src/runtime/node';
import { apiClient, newTenant } from '../../worker/src/test/client';
import { createTestDb } from '../../worker/src/test/db';
import { connectStaff } from '../../worker/src/test/ws';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 50);
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
const ms = (v: number) => `${v.toFixed(1)} ms`;
const sleep = (n: number) => new Promise((ok) => setTimeout(ok, n));

export async function run() {
  const db = await createTestDb({ max: 20 });
  const log = console.log;
  console.log = () => {};
  const secret = randomBytes(32).toString('hex');
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL,
    JWT_SECRET: secret,
    SEED_DEMO: 'false',
    BCRYPT_COST: '4',
    SIGNUP_LIMIT: '0', // the bench signs up many tenants from one address
    UPLOADS_DIR: `/tmp/comanda-bench-${randomBytes(4).toString('hex')}`,
  };
  const a = await startNode(env, { port: 0 });
  const b = await startNode(env, { port: 0 });
  console.log = log;
  const urlA = `http://127.0.0.1:${a.port}`;
  const urlB = `http://127.0.0.1:${b.port}`;
  const raw = { pub: new Redis(REDIS_URL), sub: new Redis(REDIS_URL) };
  try {
    for (const i of [a, b]) {
      while (i.platform.hub.status() !== 'ok') await sleep(20);
    }
    const api = apiClient((path, init) => fetch(`${urlA}${path}`, init));
    const tenants = await Promise.all(Array.from({ length: TENANTS }, () => newTenant(api)));

    // Orders path: every socket records when each (tenant, seq) arrived.
    const sentAt = new Map<string, number>();
    const committedAt = new Map<string, number>();
    const fromStart: number[] = [];
    const fromCommit: number[] = [];
    let received = 0;
    const sockets = [];
    for (const t of tenants) {
      for (let s = 0; s < SOCKETS; s++) {
        const { socket } = await connectStaff(urlB, t.tenant.id, t.token);
        socket.ws.on('message', (data) => {
          const now = performance.now();
          const m = JSON.parse(data.toString()) as { seq?: number; data?: unknown };
          if (m.seq === undefined || m.data === undefined) return;
          const key = `${t.tenant.id}:${m.seq}`;
          fromStart.push(now - sentAt.get(key)!);
          fromCommit.push(now - committedAt.get(key)!);
          received++;
        });
        sockets.push(socket);
      }
    }

    // Raw path: the same payload over plain pub/sub on a channel of its own.
    const rawLatencies: number[] = [];
    let rawReceived = 0;
    await raw.sub.psubscribe('bench-raw:*');
    raw.sub.on('pmessage', (_p, _c, message: string) => {
      const now = performance.now();
      rawLatencies.push(now - (JSON.parse(message) as { t: number }).t);
      rawReceived++;
    });

    const txMs: number[] = [];
    const order = (i: number) => ({
      type: 'order.created',
      data: {
        order: {
          id: crypto.randomUUID(),
          ticket_number: i,
          status: 'open',
          lines: [{ id: crypto.randomUUID(), name: 'Cappuccino', quantity: 2, unit_price: 350 }],
          total: 700,
        },
      },
    });
    const payloadBytes = JSON.stringify({
      origin: 'x',
      events: [{ seq: 1, ...order(0), at: new Date().toISOString() }],
    }).length;

    for (let round = 0; round < ROUNDS; round++) {
      // Raw publish → subscriber, one message per tenant, concurrently.
      const rawTarget = rawReceived + TENANTS;
      await Promise.all(
        tenants.map((t) => {
          const body = JSON.stringify({ t: performance.now(), pad: 'x'.repeat(payloadBytes) });
          return raw.pub.publish(`bench-raw:${t.tenant.id}`, body);
        }),
      );
      while (rawReceived < rawTarget) await sleep(1);

      // One order per tenant, concurrently: transaction, commit, publish.
      const target = received + TENANTS * SOCKETS;
      await Promise.all(
        tenants.map(async (t, i) => {
          const start = performance.now();
          const seqGuess = round + 1;
          const key = `${t.tenant.id}:${seqGuess}`;
          sentAt.set(key, start);
          const o = order(i);
          const written = await a.sql.begin(async (tx) => [
            await appendEvent(tx, t.tenant.id, o.type, o.data),
          ]);
          const done = performance.now();
          committedAt.set(key, done);
          txMs.push(done - start);
          if (written[0]!.seq !== seqGuess) throw new Error('unexpected seq');
          await a.platform.hub.publish(t.tenant.id, written);
        }),
      );
      const deadline = Date.now() + 10_000;
      while (received < target && Date.now() < deadline) await sleep(1);
      if (received < target)
        throw new Error(`round ${round}: ${target - received} deliveries missing`);
      await sleep(20);
    }

    const line = (name: string, v: number[]) =>
      `  ${name.padEnd(44)} p50 ${ms(pct(v, 50)).padStart(9)}   p99 ${ms(pct(v, 99)).padStart(9)}   n=${v.length}`;
    console.log(
      `realtime: ${TENANTS} tenants × ${SOCKETS} sockets on instance B, ${ROUNDS} rounds of one order per tenant committed on instance A (Redis ${REDIS_URL})`,
    );
    console.log(line('raw Redis publish → subscriber', rawLatencies));
    console.log(line('order transaction (begin → commit)', txMs));
    console.log(line('commit → socket receive (instance B)', fromCommit));
    console.log(line('transaction start → socket receive', fromStart));
    const p99 = pct(fromStart, 99);
    const budget = 2 * pct(rawLatencies, 99) + pct(txMs, 99);
    console.log(
      `  target: p99 < 50 ms (${p99 < 50 ? 'met' : 'MISSED'}) and ≤ 2 × raw p99 + transaction p99 = ${ms(budget)} (${p99 <= budget ? 'met' : 'MISSED'})`,
    );
    for (const s of sockets) s.ws.terminate();
    const rawP99 = pct(rawLatencies, 99);
    return {
      name: 'realtime',
      rows: [
        {
          metric: 'commit → socket p99 vs raw Redis pub/sub p99',
          value: pct(fromCommit, 99),
          baseline: rawP99,
          ratio: pct(fromCommit, 99) / rawP99,
          target: '≤ 2×, < 50 ms',
        },
        {
          metric: 'transaction start → socket p99 vs 2 × raw p99 + transaction p99',
          value: p99,
          baseline: budget,
          ratio: p99 / budget,
          target: '≤ 1×',
        },
      ],
    };
  } finally {
    raw.pub.disconnect();
    raw.sub.disconnect();
    await a.stop();
    await b.stop();
    await db.drop();
  }
}
