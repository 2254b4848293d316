import { afterAll, describe, expect, it } from 'vitest';
import { createSql } from '../db/client';
import { newTenant } from '../test/client';
import { createTestDb } from '../test/db';
import { buildMenu } from '../test/menu';
import { type ServerProcess, startServerProcess } from '../test/server-process';
import { openSocket } from '../test/ws';
import { httpApi, orderBody, recorder, serverEnv, tenantWithMenu } from './harness';
import { privatePostgres, privateRedis } from './private-services';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

describe('outages', () => {
  it('Postgres restarted mid-load: 503 with Retry-After while down, never a hang or a 500, back within 5 s', async () => {
    const pg = await privatePostgres();
    cleanups.push(() => pg.destroy());
    const server: ServerProcess = await startServerProcess(serverEnv(pg.url));
    cleanups.push(() => server.stop());
    const api = httpApi(() => server.url);
    const t = await tenantWithMenu(api);
    const rec = recorder(() => server.url);
    const pending = new Map<string, ReturnType<typeof orderBody>>();
    let stop = false;
    let downAt = 0;
    let upAt = 0;
    const worker = async () => {
      while (!stop) {
        const body = orderBody(t.menu);
        pending.set(body.id, body);
        const x = await rec.send('POST', '/api/v1/orders', body, t.token, {}, 15_000);
        if (x.status === 201 || x.status === 200) pending.delete(body.id);
        if (x.status === 503) await new Promise((r) => setTimeout(r, 100));
      }
    };
    const chaos = async () => {
      await new Promise((r) => setTimeout(r, 1500));
      pg.stopImmediate();
      downAt = Date.now();
      await new Promise((r) => setTimeout(r, 3000));
      pg.start();
      upAt = Date.now();
      // Load goes on until a success after the restart, bounded.
      while (
        Date.now() - upAt < 5000 &&
        !rec.log.some((x) => x.status === 201 && logTime.get(x)! > upAt)
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 500));
      stop = true;
    };
    const logTime = new Map<object, number>();
    const origPush = rec.log.push.bind(rec.log);
    rec.log.push = (...items) => {
      for (const i of items) logTime.set(i, Date.now());
      return origPush(...items);
    };
    await Promise.all([worker(), worker(), worker(), worker(), chaos()]);

    const statuses = new Set(rec.log.map((x) => x.status));
    expect(
      [...statuses].every((s) => s === 200 || s === 201 || s === 503),
      `statuses ${[...statuses]}`,
    ).toBe(true);
    const unavailable = rec.log.filter((x) => x.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(
      unavailable.every((x) => Number((x.response as { __retryAfter?: string }).__retryAfter) > 0),
    ).toBe(true);
    // Never a hang: every request got an answer well before the client's 15 s timeout.
    expect(Math.max(...rec.log.map((x) => x.ms))).toBeLessThan(8_000);
    const firstOkAfter = Math.min(
      ...rec.log
        .filter((x) => x.status === 201 && logTime.get(x)! > upAt)
        .map((x) => logTime.get(x)!),
    );
    expect(firstOkAfter - upAt).toBeLessThan(5000);
    expect(downAt).toBeGreaterThan(0);
    // Orders refused with 503 were not half-written; retrying them now succeeds exactly once.
    for (const body of pending.values()) await rec.until('POST', '/api/v1/orders', body, t.token);
    const sql = createSql(pg.url, { max: 1 });
    const ids = rec.log.filter((x) => x.status === 201).map((x) => (x.body as { id: string }).id);
    const [row] = await sql<
      { n: number }[]
    >`select count(*)::int as n from orders where tenant_id = ${t.tenant.id}`;
    expect(row!.n).toBe(new Set(ids).size);
    await sql.end();
  }, 120_000);

  it('Redis stopped for 30 s: orders stay fast, screens catch up within 5 s of its return', async () => {
    const redis = await privateRedis();
    cleanups.push(() => redis.destroy());
    const db = await createTestDb();
    cleanups.push(() => db.drop());
    const server = await startServerProcess(serverEnv(db.url, { REDIS_URL: redis.url }));
    cleanups.push(() => server.stop());
    const api = httpApi(() => server.url);
    const t = await newTenant(api);
    const menu = await buildMenu(api, t.token);
    const kitchenSocket = await openSocket(
      `${server.url.replace('http', 'ws')}/api/v1/realtime?tenant=${t.tenant.id}`,
    );
    kitchenSocket.send({ type: 'auth', token: t.token, since: 0 });
    await kitchenSocket.next((m) => m.type === 'ready', 10_000);
    const rec = recorder(() => server.url);
    const timed = async (n: number) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++)
        ms.push((await rec.until('POST', '/api/v1/orders', orderBody(menu), t.token)).ms);
      return ms.sort((a, b) => a - b);
    };
    const before = await timed(20);
    await redis.stop();
    const during: number[] = [];
    const outageEnd = Date.now() + 30_000;
    while (Date.now() < outageEnd) {
      during.push(...(await timed(5)));
      await new Promise((r) => setTimeout(r, 200));
    }
    during.sort((a, b) => a - b);
    await redis.start();
    const back = Date.now();
    const sql = db.sql;
    const expected = async () =>
      (
        await sql<
          { seq: number }[]
        >`select seq from events where tenant_id = ${t.tenant.id} order by seq`
      ).map((r) => r.seq);
    const seen = () =>
      new Set(
        kitchenSocket.received
          .filter((m) => typeof m.seq === 'number' && m.type !== 'ready')
          .map((m) => m.seq as number),
      );
    const want = await expected();
    while (Date.now() - back < 5000 && !want.every((s) => seen().has(s)))
      await new Promise((r) => setTimeout(r, 50));
    const caughtUpIn = Date.now() - back;
    expect(
      want.filter((s) => !seen().has(s)),
      `missing after ${caughtUpIn} ms`,
    ).toEqual([]);
    expect(caughtUpIn).toBeLessThan(5000);
    // No order failed or slowed to a crawl while Redis was away (publish times out at ~250 ms).
    expect(rec.log.every((x) => x.status === 201)).toBe(true);
    const p99 = (xs: number[]) => xs[Math.floor(0.99 * (xs.length - 1))]!;
    expect(p99(during)).toBeLessThan(Math.max(1000, 5 * p99(before)));
    // And the socket saw each event exactly once.
    const seqs = kitchenSocket.received
      .filter((m) => typeof m.seq === 'number' && m.type !== 'ready')
      .map((m) => m.seq as number);
    expect(seqs.length).toBe(new Set(seqs).size);
    kitchenSocket.close();
  }, 180_000);
});
