import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../platform';
import { startNode } from '../runtime/node';
import { apiClient, newTenant } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { commitEvents, orderCreated } from '../test/events';
import { connectStaff, openSocket } from '../test/ws';
import type { RealtimeOptions } from './protocol';
import { realtimeContract } from './realtime.contract';

const SHARED_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PING_MS = 500;
const secret = randomBytes(32).toString('hex');
/**
 * A commit while Redis is down or hung: ioredis with default options would hold the publish for
 * 15 s and more. Generous, so a loaded CI machine does not flake; `npm run bench` judges speed.
 */
const WRITE_BOUND_MS = 500;

type Instance = Awaited<ReturnType<typeof startNode>> & { url: string };
const instances: Instance[] = [];

async function instance(
  db: TestDb,
  env: Record<string, string> = {},
  realtime: Partial<RealtimeOptions> = {},
): Promise<Instance> {
  const node = await startNode(
    {
      DATABASE_URL: db.url,
      JWT_SECRET: secret,
      SEED_DEMO: 'false',
      BCRYPT_COST: '4',
      SIGNUP_LIMIT: '0', // tests sign up many tenants from one address
      UPLOADS_DIR: `/tmp/comanda-rt-${randomBytes(4).toString('hex')}`,
      ...env,
    },
    { port: 0, realtime: { pingIntervalMs: PING_MS, ...realtime } },
  );
  const i = { ...node, url: `http://127.0.0.1:${node.port}` };
  instances.push(i);
  return i;
}

const httpApi = (base: string) => apiClient((path, init) => fetch(`${base}${path}`, init));
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

let db: TestDb;
let quiet: typeof console.log;

beforeAll(async () => {
  db = await createTestDb();
  quiet = console.log;
  console.log = () => {}; // startNode's banner
});
afterAll(async () => {
  console.log = quiet;
  for (const i of instances.reverse()) await i.stop();
  await db.drop();
});

describe('realtime on Node: two instances over the shared Redis', () => {
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    a = await instance(db, { REDIS_URL: SHARED_REDIS });
    b = await instance(db, { REDIS_URL: SHARED_REDIS });
    for (const i of [a, b]) {
      const deadline = Date.now() + 5000;
      while (i.platform.hub.status() !== 'ok' && Date.now() < deadline) await sleep(20);
    }
  });

  // Sockets on B, events committed and published through A: every assertion crosses Redis.
  realtimeContract(() => ({
    baseUrl: b.url,
    api: httpApi(b.url),
    jwtSecret: secret,
    sql: db.sql,
    commit: (tenantId, events) => commitEvents(a.sql, a.platform.hub, tenantId, events),
    pingIntervalMs: PING_MS,
  }));

  it('delivers an event committed through instance A to sockets on A and on B', async () => {
    const t = await newTenant(httpApi(a.url));
    const onA = await connectStaff(a.url, t.tenant.id, t.token);
    const onB = await connectStaff(b.url, t.tenant.id, t.token);
    const [e] = await commitEvents(a.sql, a.platform.hub, t.tenant.id, [orderCreated()]);
    expect((await onA.socket.events(1))[0]).toMatchObject({ seq: e!.seq });
    expect((await onB.socket.events(1))[0]).toMatchObject({ seq: e!.seq });
    // Each instance hears its own publish once: no echo duplicate from Redis.
    await sleep(100);
    expect(onA.socket.received.filter((m) => 'data' in m)).toHaveLength(1);
    onA.socket.close();
    onB.socket.close();
  });

  it('reports the hub as ok on /readyz', async () => {
    const res = await fetch(`${b.url}/readyz`);
    expect(await res.json()).toMatchObject({ status: 'ok', hub: 'ok' });
  });
});

describe('realtime on Node: in-process hub (no REDIS_URL)', () => {
  let one: Instance;
  beforeAll(async () => {
    one = await instance(db);
  });
  realtimeContract(() => ({
    baseUrl: one.url,
    api: httpApi(one.url),
    jwtSecret: secret,
    sql: db.sql,
    commit: (tenantId, events) => commitEvents(one.sql, one.platform.hub, tenantId, events),
    pingIntervalMs: PING_MS,
  }));
});

describe('realtime on Node: limits', () => {
  it('closes a socket that does not authenticate in time with 4401', async () => {
    const i = await instance(db, {}, { authTimeoutMs: 200 });
    const t = await newTenant(httpApi(i.url));
    const s = await openSocket(
      `${i.url.replace('http', 'ws')}/api/v1/realtime?tenant=${t.tenant.id}`,
    );
    expect((await s.closed).code).toBe(4401);
  });

  it('disconnects a client that stops reading instead of buffering without bound', async () => {
    const i = await instance(db, {}, { maxBufferedBytes: 256 * 1024 });
    const t = await newTenant(httpApi(i.url));
    const slow = await connectStaff(i.url, t.tenant.id, t.token);
    const fast = await connectStaff(i.url, t.tenant.id, t.token);
    // The slow client's socket stops reading: the server's send buffer can only grow.
    (slow.socket.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const blob = 'x'.repeat(64 * 1024);
    for (let n = 0; n < 20; n++) {
      await commitEvents(
        i.sql,
        i.platform.hub,
        t.tenant.id,
        Array.from({ length: 10 }, () => ({
          type: 'order.updated',
          data: { order: { id: 'o' }, blob },
        })),
      );
    }
    const hub = i.platform.hub as Hub & { sockets: { size: number } };
    const deadline = Date.now() + 5000;
    while (hub.sockets.size > 1 && Date.now() < deadline) await sleep(20);
    expect(hub.sockets.size).toBe(1);
    // The reading client got all 200 events.
    await fast.socket.next((m) => m.seq === 200, 10_000);
    fast.socket.close();
    slow.socket.ws.terminate();
  });
});

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** A private redis-server for the kill test: the shared one is never stopped. */
async function startRedis(port: number): Promise<ChildProcess> {
  const p = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 5000;
  for (;;) {
    const up = await new Promise<boolean>((ok) => {
      const c = new Socket();
      c.once('connect', () => {
        c.destroy();
        ok(true);
      });
      c.once('error', () => ok(false));
      c.connect(port, '127.0.0.1');
    });
    if (up) return p;
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await sleep(30);
  }
}

async function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const exited = new Promise((ok) => p.once('exit', ok));
  p.kill('SIGKILL');
  await exited;
}

describe('realtime on Node: Redis dies mid-test (private redis-server)', () => {
  let redis: ChildProcess;
  let port: number;
  afterAll(async () => {
    if (redis) await stopProcess(redis);
  });

  it('keeps writes fast while Redis is down or hung, and clients catch up when it returns', async () => {
    port = await freePort();
    redis = await startRedis(port);
    const url = `redis://127.0.0.1:${port}`;
    // No polling while down: catching up must come from the resubscribe path.
    const writer = await instance(db, { REDIS_URL: url }, { pollWhileDownMs: 0 });
    const reader = await instance(db, { REDIS_URL: url }, { pollWhileDownMs: 0 });
    for (const i of [writer, reader]) {
      const deadline = Date.now() + 5000;
      while (i.platform.hub.status() !== 'ok' && Date.now() < deadline) await sleep(20);
      expect(i.platform.hub.status()).toBe('ok');
    }
    const t = await newTenant(httpApi(writer.url));
    const s = await connectStaff(reader.url, t.tenant.id, t.token);
    const local = await connectStaff(writer.url, t.tenant.id, t.token);
    await commitEvents(writer.sql, writer.platform.hub, t.tenant.id, [orderCreated()]);
    expect((await s.socket.events(1))[0]).toMatchObject({ seq: 1 });
    await local.socket.events(1);

    // Hung: the process is alive but answers nothing (commandTimeout territory).
    redis.kill('SIGSTOP');
    let slowest = 0;
    for (let n = 0; n < 5; n++) {
      const started = performance.now();
      await commitEvents(writer.sql, writer.platform.hub, t.tenant.id, [orderCreated()]);
      slowest = Math.max(slowest, performance.now() - started);
    }
    redis.kill('SIGCONT');
    expect(slowest).toBeLessThan(WRITE_BOUND_MS);
    await s.socket.next((m) => m.seq === 6);

    // Dead.
    await stopProcess(redis);
    const deadline = Date.now() + 5000;
    while (reader.platform.hub.status() !== 'degraded' && Date.now() < deadline) await sleep(20);
    expect(reader.platform.hub.status()).toBe('degraded');
    expect(await (await fetch(`${reader.url}/readyz`)).json()).toMatchObject({
      status: 'ok',
      hub: 'degraded',
    });
    slowest = 0;
    for (let n = 0; n < 10; n++) {
      const started = performance.now();
      await commitEvents(writer.sql, writer.platform.hub, t.tenant.id, [orderCreated()]);
      slowest = Math.max(slowest, performance.now() - started);
    }
    expect(slowest).toBeLessThan(WRITE_BOUND_MS);
    // The writer's own sockets still get them live; the reader's cannot until Redis is back.
    expect(seqs(await local.socket.events(15))).toEqual(range(2, 16));
    await sleep(300);
    expect(s.socket.received.filter((m) => 'data' in m).length).toBe(6);

    redis = await startRedis(port);
    const back = Date.now();
    await s.socket.next((m) => m.seq === 16, 5000);
    expect(Date.now() - back).toBeLessThan(5000);
    expect(seqs(s.socket.received.filter((m) => 'data' in m))).toEqual(range(1, 16));
    // And live again through Redis.
    const deadline2 = Date.now() + 5000;
    while (writer.platform.hub.status() !== 'ok' && Date.now() < deadline2) await sleep(20);
    await commitEvents(writer.sql, writer.platform.hub, t.tenant.id, [orderCreated()]);
    await s.socket.next((m) => m.seq === 17, 2000);
    s.socket.close();
    local.socket.close();
  });
});

const seqs = (events: Record<string, unknown>[]) => events.map((e) => e.seq as number);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
