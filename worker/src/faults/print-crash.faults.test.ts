import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEASE_MS } from '../kitchen/backoff';
import { kitchenWorld, line } from '../kitchen/kitchen.contract';
import { createTestDb, type TestDb } from '../test/db';
import { decodeText, FakePrinter } from '../test/fake-printer';
import { type ServerProcess, startServerProcess } from '../test/server-process';
import { until } from '../test/until';
import { httpApi, serverEnv } from './harness';

// The issue asks for the restarted server to print within a bound: 15 s after it answers again.
const PRINT_BOUND_MS = 15_000;

let db: TestDb;
let server: ServerProcess;
const printers: FakePrinter[] = [];

beforeAll(async () => {
  db = await createTestDb();
  // The self-hosted default: the server sends the jobs itself, with its default back-off.
  server = await startServerProcess(serverEnv(db.url, { PRINT_DISPATCH: 'direct' }));
});
afterAll(async () => {
  await server?.stop();
  for (const p of printers) await p.off();
  await db?.drop();
});

interface JobRow {
  id: string;
  order_id: string | null;
  station_id: string | null;
  status: string;
  attempts: number;
  claimed_until: Date | null;
  next_attempt_at: Date;
}

const jobsOf = (tenantId: string) => db.sql<JobRow[]>`
  select id, order_id, station_id, status, attempts, claimed_until, next_attempt_at
  from print_jobs where tenant_id = ${tenantId} order by created_at, id`;

async function createOrder(api: ReturnType<typeof httpApi>, token: string, lines: unknown[]) {
  const res = await api.json(
    'POST',
    '/api/v1/orders',
    { id: crypto.randomUUID(), type: 'takeaway', lines },
    token,
  );
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST /orders → ${res.status} ${text}`);
  return JSON.parse(text) as { id: string; ticket_number: number };
}

/** The ticket numbers a printer received, one per job, in the order they came out. */
const ticketNumbers = (p: FakePrinter) => p.texts().map((t) => Number(/#(\d+)/.exec(t)?.[1]));

describe('kitchen printing survives kill -9', () => {
  it('kill -9 between storing and sending a job: the job is printed after the restart, once', async () => {
    const api = httpApi(() => server.url);
    const bar = await new FakePrinter().on();
    // The kitchen printer is off (connection refused) for the whole first life of the server, so
    // its job is stored and cannot have been sent when the process dies.
    const kitchen = new FakePrinter();
    await kitchen.on();
    await kitchen.off();
    printers.push(bar, kitchen);
    const w = await kitchenWorld(api, { bar: bar.port, kitchen: kitchen.port });
    const order = await createOrder(api, w.t.token, [line(w.menu.cake.id), line(w.menu.water.id)]);

    // The dispatcher is alive: the bar ticket of the same order comes out before the crash.
    await until('the bar ticket before the crash', () => bar.jobs.length === 1, 20_000);
    // Kill at a moment that is provably "stored, not sent" for the kitchen job: it failed at least
    // once, nobody holds its lease, and its next attempt is still ahead, so no sender can claim it
    // between this check and the kill. The bar job must already be recorded as printed: a kill
    // between the printer taking its bytes and that record is the one window where a reprint is
    // expected (after its lease), and it is not what this test is about.
    let before: JobRow | undefined;
    await until(
      'the kitchen job stored, tried and waiting for its next attempt; the bar job printed',
      async () => {
        const rows = await jobsOf(w.t.tenant.id);
        before = rows.find((j) => j.station_id === w.kitchen.id);
        const barJob = rows.find((j) => j.station_id === w.bar.id);
        return (
          barJob?.status === 'printed' &&
          before !== undefined &&
          before.status === 'queued' &&
          before.attempts >= 1 &&
          before.claimed_until === null &&
          before.next_attempt_at.getTime() - Date.now() > 500
        );
      },
      30_000,
    );
    await server.kill9();
    expect(kitchen.jobs).toHaveLength(0);
    expect(before!.order_id).toBe(order.id);

    await kitchen.on(); // back on the same address while the server is down
    await server.restart();
    await until(
      'the kitchen ticket after the restart',
      () => kitchen.jobs.length >= 1,
      PRINT_BOUND_MS,
    );
    const text = decodeText(kitchen.jobs[0]!);
    expect(text).toContain('KITCHEN');
    expect(text).toContain(`#${order.ticket_number}`);
    expect(text).toContain('1 x Cheesecake');
    expect(text).not.toContain('Water');

    // Once: the job is printed and stays so; nothing more comes out of either printer, and the bar
    // ticket, acknowledged before the crash, is not sent again by the new process.
    await until(
      'the kitchen job marked printed',
      async () => (await jobsOf(w.t.tenant.id)).every((j) => j.status === 'printed'),
      10_000,
    );
    await new Promise((r) => setTimeout(r, 3_000)); // several dispatcher passes
    expect(ticketNumbers(kitchen)).toEqual([order.ticket_number]);
    expect(ticketNumbers(bar)).toEqual([order.ticket_number]);
    const after = await jobsOf(w.t.tenant.id);
    expect(after).toHaveLength(2);
    expect(after.every((j) => j.status === 'printed' && j.claimed_until === null)).toBe(true);
    // The same stored job was sent, not one rebuilt by the new process.
    expect(after.find((j) => j.station_id === w.kitchen.id)!.id).toBe(before!.id);
  });

  it('kill -9 right after an order commits, three times: each ticket prints after its restart, once', async () => {
    const api = httpApi(() => server.url);
    const kitchen = await new FakePrinter().on();
    printers.push(kitchen);
    const w = await kitchenWorld(api, { bar: kitchen.port, kitchen: kitchen.port });
    const orders: { id: string; ticket_number: number }[] = [];
    for (let round = 0; round < 3; round++) {
      // Off while the order is taken and the process dies, so nothing can have been sent; the
      // answer means the transaction (lines and their print job) committed, and the kill follows
      // at once: usually before the dispatcher's first attempt, sometimes just after it.
      await kitchen.off();
      orders.push(await createOrder(api, w.t.token, [line(w.menu.cake.id)]));
      await server.kill9();
      expect(kitchen.jobs).toHaveLength(round);
      await kitchen.on();
      await server.restart();
      // A kill inside a pass that had just leased the job (before its send failed) leaves the
      // lease to run out first, so the bound allows one lease on top.
      await until(
        `ticket ${round + 1} after restart ${round + 1}`,
        () => kitchen.jobs.length > round,
        LEASE_MS + PRINT_BOUND_MS,
      );
    }
    await new Promise((r) => setTimeout(r, 3_000)); // several dispatcher passes
    expect(ticketNumbers(kitchen)).toEqual(orders.map((o) => o.ticket_number));
    expect(kitchen.texts().every((t) => t.includes('1 x Cheesecake'))).toBe(true);
    const jobs = await jobsOf(w.t.tenant.id);
    expect(jobs.map((j) => j.order_id)).toEqual(orders.map((o) => o.id));
    expect(jobs.every((j) => j.status === 'printed')).toBe(true);
  });
});
