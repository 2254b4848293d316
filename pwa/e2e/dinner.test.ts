import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSql, type Sql } from '../../worker/src/db/client';
import { decodeText, FakePrinter, hasCut } from '../../worker/src/test/fake-printer';
import type { Catalog, Order } from '../src/api/types';
import { launch, type Server, signIn, startServer } from './harness';
import { checkLayout, FITS, PHONE, screenshot, TABLET } from './layout';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are free-form JSON in these tests
type Json = Record<string, any>;

/**
 * Issue 15's "Done when", played once end to end on the real Node server (its own print
 * dispatcher), two fake network printers (TCP servers decoding ESC/POS) and Chromium: a dinner for
 * four at T1 with drinks, starters (course 1) and mains (course 2). Drinks print at the bar and show
 * on the bar display; starters print in the kitchen; mains print only when the waiter taps "Fire
 * course 2" on the phone. The kitchen printer is unplugged in the middle: the issue's minute is
 * scaled down to about 8 s of real time with retries every second (PRINT_RETRY_MAX_MS=1000); the
 * display's banner comes and goes with the printer.failing / printer.recovered events. Nothing is
 * lost and nothing prints twice: every received ticket is matched to its stored job by its bytes.
 */
describe.skipIf(!inject('chromium'))(
  'a dinner for four with two courses and a printer outage',
  () => {
    let server: Server;
    let browser: Browser;
    let sql: Sql | undefined;
    const bar = new FakePrinter();
    const kitchen = new FakePrinter();

    beforeAll(async () => {
      await bar.on();
      await kitchen.on();
      server = await startServer({ PRINT_RETRY_MAX_MS: '1000' });
      if (server.dbUrl) sql = createSql(server.dbUrl, { max: 1 });
      browser = await launch();
    });
    afterAll(async () => {
      await sql?.end({ timeout: 1 });
      await browser?.close();
      await server?.stop();
      await bar.off();
      await kitchen.off();
    });

    /** Polls until `check` holds (the dispatcher and the displays work on their own time). */
    async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000) {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    }

    /** A kitchen display on its own tablet, on one station. */
    async function display(station: string): Promise<Page> {
      const context = await browser.newContext({ viewport: TABLET });
      const page = await context.newPage();
      await signIn(page, server, 'kitchen@demo.test');
      await page.waitForURL('**/kitchen');
      await page.getByRole('heading', { name: 'Kitchen' }).waitFor();
      await page.getByLabel('Station').selectOption({ label: station });
      return page;
    }

    it('drinks at the bar, starters in the kitchen, mains on "Fire course 2", the kitchen printer out a while: each ticket prints once', async () => {
      const owner = await server.token('owner@demo.test');
      const waiter = await server.token('waiter@demo.test');
      const catalog = await server.json<Catalog>('GET', '/catalog', owner);
      const category = (name: string) => catalog.categories.find((c) => c.name === name)!.id;
      const product = (name: string) => catalog.products.find((p) => p.name === name)!;
      const kitchenStation = await server.json<Json>('POST', '/stations', owner, {
        name: 'Kitchen',
        position: 0,
        category_ids: ['Breakfast', 'Sandwiches', 'Cakes & Pastries'].map(category),
        printer: { host: '127.0.0.1', port: kitchen.port },
      });
      const barStation = await server.json<Json>('POST', '/stations', owner, {
        name: 'Bar',
        position: 1,
        category_ids: ['Coffee', 'Tea & Chocolate', 'Cold Drinks'].map(category),
        printer: { host: '127.0.0.1', port: bar.port },
      });
      const tables = await server.json<{ data: { id: string; name: string }[] }>(
        'GET',
        '/tables',
        owner,
      );
      const t1 = tables.data.find((t) => t.name === 'T1')!;
      const sourdough = catalog.modifier_groups
        .find((g) => g.name === 'Bread')!
        .modifiers.find((m) => m.name === 'Sourdough')!;

      const barPage = await display('Bar');
      const kitchenPage = await display('Kitchen');

      // The order for four, rung up by the waiter: a drink and a main per seat, two starters to share.
      const line = (name: string, seat: number, extra: Json = {}) => ({
        id: crypto.randomUUID(),
        product_id: product(name).id,
        quantity: 1,
        seat,
        ...extra,
      });
      const drinks = ['Cola 0.33 l', 'Fresh Orange Juice', 'Apple Spritzer 0.4 l', 'Black Tea'];
      const starters = ['Bircher Muesli', 'Croissant with Butter & Jam'];
      const mains = ['Caprese Ciabatta', 'Vegan Wrap', 'Chicken Club', 'Caprese Ciabatta'];
      const order = await server.json<Order>('POST', '/orders', waiter, {
        id: crypto.randomUUID(),
        type: 'dine_in',
        table_id: t1.id,
        lines: [
          ...drinks.map((d, i) => line(d, i + 1, { course: 1 })),
          ...starters.map((s, i) => line(s, i + 1, { course: 1 })),
          ...mains.map((m, i) =>
            line(m, i + 1, {
              course: 2,
              ...(m === 'Chicken Club' ? { modifier_ids: [sourdough.id], note: 'no mayo' } : {}),
            }),
          ),
        ],
      });
      const ticketNo = `#${order.ticket_number}`;

      // Drinks print at the bar, only drinks.
      await until('the bar ticket', () => bar.jobs.length === 1);
      const barTicket = decodeText(bar.jobs[0]!);
      expect(barTicket).toContain('BAR');
      expect(barTicket).toContain(`${ticketNo}  T1`);
      for (const d of drinks) expect(barTicket).toContain(`1 x ${d}`);
      for (const food of [...starters, ...mains]) expect(barTicket).not.toContain(food);
      expect(hasCut(bar.jobs[0]!)).toBe(true);
      // ...and show on the bar display: the four drinks, no food.
      const onBar = barPage.getByRole('article', { name: `Ticket ${ticketNo}` });
      await onBar.waitFor();
      for (const d of new Set(drinks)) {
        await onBar.getByRole('button', { name: new RegExp(`× ${d}: queued`) }).waitFor();
      }
      expect(await onBar.locator('.ticket-line').count()).toBe(drinks.length);
      await screenshot(barPage, 'dinner-bar-display');

      // Starters print in the kitchen; the mains are held: not on paper, greyed on the display.
      await until('the kitchen ticket', () => kitchen.jobs.length === 1);
      const startersTicket = decodeText(kitchen.jobs[0]!);
      expect(startersTicket).toContain('KITCHEN');
      for (const s of starters) expect(startersTicket).toContain(`1 x ${s}`);
      for (const other of [...drinks, ...mains]) expect(startersTicket).not.toContain(other);
      const onKitchen = kitchenPage.getByRole('article', { name: `Ticket ${ticketNo}` });
      await onKitchen.waitFor();
      for (const m of new Set(mains)) {
        const held = onKitchen.getByRole('button', { name: new RegExp(`× ${m}: held, course 2`) });
        await held.first().waitFor();
        expect(await held.first().isDisabled()).toBe(true);
      }
      // A few dispatcher rounds later the mains still have no job and no paper.
      await new Promise((r) => setTimeout(r, 2500));
      expect(kitchen.jobs).toHaveLength(1);
      const jobsSoFar = await server.json<{ data: Json[] }>('GET', '/print-jobs', owner);
      expect(jobsSoFar.data).toHaveLength(2);

      // The kitchen printer is unplugged (connections refused) ...
      const unplugged = Date.now();
      await kitchen.off();

      // ... and the waiter fires the mains from the table's tab on the phone: one tap.
      const phone = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
      const waiterPage = await phone.newPage();
      await signIn(waiterPage, server, 'waiter@demo.test');
      await waiterPage.waitForURL('**/pos');
      await waiterPage.goto(`${server.url}/pos?table=${t1.id}`);
      const tab = waiterPage.getByRole('article', { name: `Order ${ticketNo}` });
      const fire = tab.getByRole('button', { name: 'Fire course 2' });
      await fire.waitFor();
      // On a phone the tab sits below the menu at this table: a scroll away, then one tap.
      await fire.scrollIntoViewIfNeeded();
      expect(await checkLayout(waiterPage, 'dinner-fire-course', [fire])).toEqual(FITS);
      await fire.tap();
      await fire.waitFor({ state: 'detached' });
      const fired = await server.json<Order>('GET', `/orders/${order.id}`, owner);
      for (const l of fired.lines) expect(l.fired_at, l.name).not.toBeNull();

      // The display goes on without paper: the mains are live at once ...
      await onKitchen
        .getByRole('button', { name: /× Vegan Wrap: queued, mark preparing/ })
        .waitFor({ timeout: 10_000 });
      // ... the job is kept and retried while the printer is out ...
      const kitchenJob = async () =>
        (await server.json<{ data: Json[] }>('GET', '/print-jobs?status=queued', owner)).data.find(
          (j) => j.station_id === kitchenStation.id,
        );
      await until('a failed attempt on the kitchen printer', async () => {
        const job = await kitchenJob();
        return job !== undefined && job.attempts > 0;
      });
      expect((await kitchenJob())!.error).toMatch(/ECONNREFUSED/);
      // ... and the kitchen display says so within seconds (its own refresh is every 20 s).
      const banner = kitchenPage
        .getByRole('alert')
        .filter({ hasText: 'Printer at Kitchen is not printing' });
      await banner.waitFor({ timeout: 5000 });
      await screenshot(kitchenPage, 'dinner-kitchen-printer-out');

      // Meanwhile the table orders another round of drinks: the bar prints it; only the kitchen waits.
      await server.json('POST', `/orders/${order.id}/lines`, waiter, {
        lines: [line('Cola 0.33 l', 1), line('Cola 0.33 l', 2)],
      });
      await until('the second bar ticket', () => bar.jobs.length === 2);
      expect(decodeText(bar.jobs[1]!)).toContain('1 x Cola 0.33 l');

      // Out for about 8 s, several retries refused; nothing came out of the kitchen printer.
      await until('8 s of outage and 3 retries', async () => {
        const job = await kitchenJob();
        return Date.now() - unplugged >= 8000 && job !== undefined && job.attempts >= 3;
      });
      expect(kitchen.jobs).toHaveLength(1);

      // Plugged back in: the mains print, once, with every line and its details.
      await kitchen.on();
      await until('the mains ticket', () => kitchen.jobs.length === 2);
      const mainsTicket = decodeText(kitchen.jobs[1]!);
      expect(mainsTicket).toContain('FIRE COURSE 2');
      expect(mainsTicket).toContain(ticketNo);
      for (const m of mains) expect(mainsTicket).toContain(`1 x ${m}`);
      expect(mainsTicket).toContain('+ Sourdough');
      expect(mainsTicket).toContain('! no mayo');
      for (const other of [...drinks, ...starters]) expect(mainsTicket).not.toContain(other);
      expect(hasCut(kitchen.jobs[1]!)).toBe(true);

      // The banner goes as soon as the waiting ticket has printed.
      await banner.waitFor({ state: 'detached', timeout: 5000 });
      const tickets = await server.json<Json>(
        'GET',
        `/kitchen/tickets?station=${kitchenStation.id}`,
        owner,
      );
      expect(tickets.failing_printers).toEqual([]);
      await screenshot(kitchenPage, 'dinner-kitchen-printer-back');

      // Nothing lost, nothing twice: every stored job printed, each exactly once on its own printer.
      await new Promise((r) => setTimeout(r, 2500)); // a few more dispatcher rounds: no reprint
      const all = await server.json<{ data: Json[] }>('GET', '/print-jobs', owner);
      expect(all.data.map((j) => j.status)).toEqual(all.data.map(() => 'printed'));
      expect(all.data).toHaveLength(4); // drinks, starters, second round, mains
      const received = [
        ...bar.jobs.map((bytes) => ({ printer: barStation.id, bytes })),
        ...kitchen.jobs.map((bytes) => ({ printer: kitchenStation.id, bytes })),
      ];
      expect(received).toHaveLength(all.data.length);
      const key = (b: Uint8Array) => Buffer.from(b).toString('base64');
      if (sql) {
        // By job id: match each ticket that came out to the stored job with the same bytes.
        const stored = await sql<{ id: string; station_id: string; payload: Uint8Array }[]>`
        select id, station_id, payload from print_jobs where order_id = ${order.id}`;
        const byBytes = new Map(stored.map((j) => [key(j.payload), j]));
        const printsPerJob = new Map<string, number>();
        for (const r of received) {
          const job = byBytes.get(key(r.bytes));
          expect(job, 'a ticket no job stored').toBeDefined();
          expect(job!.station_id).toBe(r.printer);
          printsPerJob.set(job!.id, (printsPerJob.get(job!.id) ?? 0) + 1);
        }
        expect([...printsPerJob.keys()].sort()).toEqual(all.data.map((j) => j.id).sort());
        expect([...printsPerJob.values()]).toEqual(all.data.map(() => 1));
      } else {
        // The embedded database is the server's own: no two tickets alike is the check left.
        expect(new Set(received.map((r) => key(r.bytes))).size).toBe(received.length);
      }
      await barPage.context().close();
      await kitchenPage.context().close();
      await phone.close();
    });
  },
);
