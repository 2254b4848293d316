import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPrintDispatcher } from '../runtime/print-dispatcher';
import { testApp } from '../test/app';
import type { Api } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { decodeText, FakePrinter, hasCut } from '../test/fake-printer';
import { until } from '../test/until';
import { kitchenWorld, line } from './kitchen.contract';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by assertions, not types
type Json = Record<string, any>;

let db: TestDb;
let api: Api;
const printers: FakePrinter[] = [];
let dispatcher: ReturnType<typeof startPrintDispatcher> | undefined;

beforeAll(async () => {
  db = await createTestDb();
  api = testApp(db.sql).api;
});
afterEach(async () => {
  await dispatcher?.stop();
  for (const p of printers.splice(0)) await p.off();
});
afterAll(() => db.drop());

/** The printer events a tenant's displays were sent, oldest first. */
const printerEvents = (tenantId: string) =>
  db.sql<{ type: string; data: Json }[]>`
    select type, data from events
    where tenant_id = ${tenantId} and type like 'printer.%' order by seq`;

async function post(path: string, body: unknown, token: string, status = 201): Promise<Json> {
  const res = await api.json('POST', `/api/v1${path}`, body, token);
  const text = await res.text();
  if (res.status !== status) throw new Error(`${path} → ${res.status} ${text}`);
  return JSON.parse(text) as Json;
}

/** kitchenWorld with the bar and the kitchen on two fake printers (switched off after the test). */
async function printingWorld() {
  const bar = await new FakePrinter().on();
  const kitchen = await new FakePrinter().on();
  printers.push(bar, kitchen);
  const w = await kitchenWorld(api, { bar: bar.port, kitchen: kitchen.port });
  return { bar, kitchen, w };
}

/** A takeaway order with a ticket for each station: cake (kitchen) and water (bar). */
const cakeAndWater = (w: Awaited<ReturnType<typeof kitchenWorld>>) =>
  post(
    '/orders',
    {
      id: crypto.randomUUID(),
      type: 'takeaway',
      lines: [line(w.menu.cake.id), line(w.menu.water.id)],
    },
    w.t.token,
  );

describe('printing to network printers (fake TCP printers, the Node dispatcher)', () => {
  it('prints each station only its lines, with table, server, modifiers, notes and a cut', async () => {
    const { bar, kitchen, w } = await printingWorld();
    dispatcher = startPrintDispatcher(db.sql, { intervalMs: 50 });
    const order = await post(
      '/orders',
      {
        id: crypto.randomUUID(),
        type: 'dine_in',
        table_id: w.menu.table.id,
        note: 'Allergy table',
        lines: [
          line(w.menu.coffee.id, {
            modifier_ids: [w.menu.size.modifiers[1]!.id, w.menu.extras.modifiers[1]!.id],
          }),
          line(w.menu.cake.id, { quantity: 2, note: 'no cream' }),
        ],
      },
      w.t.token,
    );
    await until('both tickets', () => bar.jobs.length === 1 && kitchen.jobs.length === 1);
    const barText = decodeText(bar.jobs[0]!);
    expect(barText).toContain('BAR');
    expect(barText).toContain(`#${order.ticket_number}`);
    expect(barText).toContain('1 x Cappuccino');
    expect(barText).toContain('+ Large');
    expect(barText).toContain('+ Oat milk');
    expect(barText).toContain('Owner'); // the server who rang it up
    expect(barText).not.toContain('Cheesecake');
    const kitchenText = decodeText(kitchen.jobs[0]!);
    expect(kitchenText).toContain('2 x Cheesecake');
    expect(kitchenText).toContain('! no cream');
    expect(kitchenText).toContain('NOTE: Allergy table');
    expect(kitchenText).not.toContain('Cappuccino');
    expect(hasCut(bar.jobs[0]!)).toBe(true);
    expect(hasCut(kitchen.jobs[0]!)).toBe(true);
    // Lines added later print alone, on their own ticket.
    await post(`/orders/${order.id}/lines`, { lines: [line(w.menu.water.id)] }, w.t.token);
    await until('the added line', () => bar.jobs.length === 2);
    expect(decodeText(bar.jobs[1]!)).toContain('1 x Water');
    expect(decodeText(bar.jobs[1]!)).not.toContain('Cappuccino');
    expect(kitchen.jobs).toHaveLength(1);
  });

  it('keeps jobs while a printer is off and prints each exactly once when it is back', async () => {
    const { bar, kitchen, w } = await printingWorld();
    dispatcher = startPrintDispatcher(db.sql, { intervalMs: 50, baseDelayMs: 50, maxDelayMs: 200 });
    await kitchen.off(); // unplugged
    const orders = [];
    for (let i = 0; i < 3; i++) {
      orders.push(await cakeAndWater(w));
    }
    await until('bar tickets while the kitchen is off', () => bar.jobs.length === 3);
    // The display shows the kitchen printer failing, and the jobs stay queued with their error.
    await until('a failed attempt', async () => {
      const res = await api.json(
        'GET',
        `/api/v1/kitchen/tickets?station=${w.kitchen.id}`,
        undefined,
        w.t.token,
      );
      return ((await res.json()) as Json).failing_printers.length === 1;
    });
    const queued = (await (
      await api.json('GET', '/api/v1/print-jobs?status=queued', undefined, w.t.token)
    ).json()) as Json;
    expect(queued.data).toHaveLength(3);
    expect(queued.data.every((j: Json) => j.station_id === w.kitchen.id)).toBe(true);
    expect(queued.data.some((j: Json) => j.attempts > 0 && /ECONNREFUSED/.test(j.error))).toBe(
      true,
    );
    await kitchen.on(); // plugged back in, same address
    await until('kitchen tickets after the printer is back', () => kitchen.jobs.length === 3);
    // In order, once each, and nothing more arrives afterwards.
    expect(kitchen.texts().map((t) => /#(\d+)/.exec(t)![1])).toEqual(
      orders.map((o) => String(o.ticket_number)),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(kitchen.jobs).toHaveLength(3);
    expect(bar.jobs).toHaveLength(3);
    const after = (await (
      await api.json('GET', '/api/v1/print-jobs?status=printed', undefined, w.t.token)
    ).json()) as Json;
    expect(after.data).toHaveLength(6);
    // The banner's events: the kitchen printer failing once (not once per retry), then back.
    const events = await printerEvents(w.t.tenant.id);
    expect(events.map((e) => [e.type, e.data.station_id])).toEqual([
      ['printer.failing', w.kitchen.id],
      ['printer.recovered', w.kitchen.id],
    ]);
    expect(events[0]!.data.error).toMatch(/ECONNREFUSED/);
    expect(events[1]!.data.job_id).toBe(events[0]!.data.job_id);
    const res = await api.json(
      'GET',
      `/api/v1/kitchen/tickets?station=${w.kitchen.id}`,
      undefined,
      w.t.token,
    );
    expect(((await res.json()) as Json).failing_printers).toEqual([]);
  });

  it('gives a job up after its failure window, and a retry prints it', async () => {
    const kitchen = new FakePrinter();
    await kitchen.on();
    const port = kitchen.port;
    await kitchen.off();
    printers.push(kitchen);
    const w = await kitchenWorld(api, { bar: port, kitchen: port });
    dispatcher = startPrintDispatcher(db.sql, {
      intervalMs: 50,
      baseDelayMs: 20,
      maxDelayMs: 50,
      failAfterMs: 300,
    });
    await post(`/stations/${w.kitchen.id}/test-print`, undefined, w.t.token);
    let job: Json | undefined;
    await until('the job to fail', async () => {
      const res = await api.json('GET', '/api/v1/print-jobs?status=failed', undefined, w.t.token);
      job = ((await res.json()) as Json).data[0];
      return job !== undefined;
    });
    expect(job!.attempts).toBeGreaterThan(1);
    await kitchen.on();
    await new Promise((r) => setTimeout(r, 300));
    expect(kitchen.jobs).toHaveLength(0); // given up: not sent on its own
    await post(`/print-jobs/${job!.id}/retry`, undefined, w.t.token, 200);
    await until('the retried job', () => kitchen.jobs.length === 1);
    expect(decodeText(kitchen.jobs[0]!)).toContain('Printer test page');
  });
});

describe('the print bridge (npm run print-bridge) against the API', () => {
  it('claims, prints and acknowledges; a printer that is off is reported and printed once later', async () => {
    const { bridgeOnce } = await import('../../../scripts/print-bridge');
    const { bar, kitchen, w } = await printingWorld();
    const bridge = await post('/print-bridges', { name: 'Back office' }, w.t.token);
    const run = () => bridgeOnce({ fetch: (p, i) => api.fetch(p, i), token: bridge.token });
    await kitchen.off();
    await cakeAndWater(w);
    expect(await run()).toBe(1);
    expect(bar.jobs).toHaveLength(1);
    expect((await printerEvents(w.t.tenant.id)).map((e) => e.type)).toEqual(['printer.failing']);
    const queued = (await (
      await api.json('GET', '/api/v1/print-jobs?status=queued', undefined, w.t.token)
    ).json()) as Json;
    expect(queued.data[0]).toMatchObject({ station_id: w.kitchen.id, attempts: 1 });
    await kitchen.on();
    await post(`/print-jobs/${queued.data[0].id}/retry`, undefined, w.t.token, 200);
    expect(await run()).toBe(1);
    expect(await run()).toBe(0);
    expect(kitchen.jobs).toHaveLength(1);
    expect((await printerEvents(w.t.tenant.id)).map((e) => e.type)).toEqual([
      'printer.failing',
      'printer.recovered',
    ]);
    expect(decodeText(kitchen.jobs[0]!)).toContain('1 x Cheesecake');
    expect(bar.jobs).toHaveLength(1);
  });
});
