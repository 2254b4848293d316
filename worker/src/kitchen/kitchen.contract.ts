import { describe, expect, it } from 'vitest';
import { type Api, newTenant, staff } from '../test/client';
import { buildMenu } from '../test/menu';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by assertions, not types
type Json = Record<string, any>;
const v1 = (p: string) => `/api/v1${p}`;

async function ok(res: Promise<Response>, status = 200): Promise<Json> {
  const r = await res;
  const text = await r.text();
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${text}`);
  return text ? (JSON.parse(text) as Json) : {};
}

/** A café with a bar (drinks) and a kitchen (food, the default station), both with printers. */
export async function kitchenWorld(api: Api, printers?: { bar: number; kitchen: number }) {
  const t = await newTenant(api);
  const menu = await buildMenu(api, t.token);
  const drinks = await ok(api.json('POST', v1('/categories'), { name: 'Drinks' }, t.token), 201);
  const food = await ok(api.json('POST', v1('/categories'), { name: 'Food' }, t.token), 201);
  for (const p of [menu.coffee, menu.water]) {
    await ok(api.json('PATCH', v1(`/products/${p.id}`), { category_id: drinks.id }, t.token));
  }
  await ok(api.json('PATCH', v1(`/products/${menu.cake.id}`), { category_id: food.id }, t.token));
  const station = (name: string, position: number, categoryId: string, port?: number) =>
    ok(
      api.json(
        'POST',
        v1('/stations'),
        {
          name,
          position,
          category_ids: [categoryId],
          printer: port === undefined ? null : { host: '127.0.0.1', port },
        },
        t.token,
      ),
      201,
    );
  const kitchen = await station('Kitchen', 0, food.id, printers?.kitchen);
  const bar = await station('Bar', 1, drinks.id, printers?.bar);
  return { t, menu, drinks, food, kitchen, bar };
}

export const line = (productId: string, extra: Json = {}) => ({
  id: crypto.randomUUID(),
  product_id: productId,
  quantity: 1,
  ...extra,
});

/** Stations, routing, the kitchen's tickets and the print bridge path (API v1.1), on every runtime. */
export function kitchenContract(target: () => { api: Api }) {
  const api = () => target().api;
  /** Places an order under a fresh id; anything but 201 fails the test. */
  const placeOrder = (token: string, body: Json) =>
    ok(api().json('POST', v1('/orders'), { id: crypto.randomUUID(), ...body }, token), 201);

  describe('stations', () => {
    it('creates, lists, patches and deletes stations; validates printers and categories', async () => {
      const w = await kitchenWorld(api(), { bar: 9100, kitchen: 9101 });
      const token = w.t.token;
      expect(w.bar).toMatchObject({
        name: 'Bar',
        category_ids: [w.drinks.id],
        printer: { host: '127.0.0.1', port: 9100 },
      });
      const list = await ok(api().json('GET', v1('/stations'), undefined, token));
      expect(list.data.map((s: Json) => s.name)).toEqual(['Kitchen', 'Bar']);
      // Names are unique per tenant, case-insensitively.
      expect((await api().json('POST', v1('/stations'), { name: 'bar' }, token)).status).toBe(409);
      for (const bad of [
        { name: '' },
        { name: 'X', printer: { host: 'a b', port: 9100 } },
        { name: 'X', printer: { host: 'p', port: 70000 } },
        { name: 'X', category_ids: ['nope'] },
        { name: 'X', extra: 1 },
      ]) {
        expect((await api().json('POST', v1('/stations'), bad, token)).status).toBe(400);
      }
      const unknown = await api().json(
        'POST',
        v1('/stations'),
        { name: 'X', category_ids: [crypto.randomUUID()] },
        token,
      );
      expect(unknown.status).toBe(422);
      // The default port is 9100.
      const p = await ok(
        api().json(
          'PATCH',
          v1(`/stations/${w.bar.id}`),
          { printer: { host: 'bar-printer.local' } },
          token,
        ),
      );
      expect(p.printer).toEqual({ host: 'bar-printer.local', port: 9100 });
      const cleared = await ok(
        api().json('PATCH', v1(`/stations/${w.bar.id}`), { printer: null }, token),
      );
      expect(cleared.printer).toBeNull();
      // A category listed on another station moves there.
      const moved = await ok(
        api().json(
          'PATCH',
          v1(`/stations/${w.kitchen.id}`),
          { category_ids: [w.food.id, w.drinks.id] },
          token,
        ),
      );
      expect(moved.category_ids.sort()).toEqual([w.food.id, w.drinks.id].sort());
      expect(
        (await ok(api().json('GET', v1(`/stations/${w.bar.id}`), undefined, token))).category_ids,
      ).toEqual([]);
      // Waiters and kitchen staff read stations, but only managers write them.
      const waiter = await staff(api(), token, 'waiter');
      expect((await api().json('GET', v1('/stations'), undefined, waiter.token)).status).toBe(200);
      expect((await api().json('POST', v1('/stations'), { name: 'Y' }, waiter.token)).status).toBe(
        403,
      );
      expect(
        (await api().json('DELETE', v1(`/stations/${w.bar.id}`), undefined, token)).status,
      ).toBe(204);
      expect((await api().json('GET', v1(`/stations/${w.bar.id}`), undefined, token)).status).toBe(
        404,
      );
      expect(
        (await api().json('DELETE', v1(`/stations/${w.bar.id}`), undefined, token)).status,
      ).toBe(404);
    });

    it('routes lines by category, else to the default station; a moved category routes new lines only', async () => {
      const w = await kitchenWorld(api());
      const token = w.t.token;
      const other = await ok(api().json('POST', v1('/categories'), { name: 'Other' }, token), 201);
      const order = await placeOrder(token, {
        type: 'dine_in',
        table_id: w.menu.table.id,
        lines: [line(w.menu.water.id), line(w.menu.cake.id)],
      });
      expect(order.lines.map((l: Json) => l.station_id)).toEqual([w.bar.id, w.kitchen.id]);
      // Water moves to a category no station lists: the default (first) station takes it now.
      await ok(
        api().json('PATCH', v1(`/products/${w.menu.water.id}`), { category_id: other.id }, token),
      );
      const more = await ok(
        api().json(
          'POST',
          v1(`/orders/${order.id}/lines`),
          { lines: [line(w.menu.water.id)] },
          token,
        ),
        201,
      );
      expect(more.lines.map((l: Json) => l.station_id)).toEqual([
        w.bar.id,
        w.kitchen.id,
        w.kitchen.id,
      ]);
    });
  });

  describe('kitchen tickets', () => {
    it("shows each station only its own unserved lines, oldest first; bump moves only that station's lines", async () => {
      const w = await kitchenWorld(api());
      const token = w.t.token;
      const cook = await staff(api(), token, 'kitchen');
      const first = await placeOrder(token, {
        type: 'dine_in',
        table_id: w.menu.table.id,
        note: 'Birthday',
        lines: [line(w.menu.water.id, { note: 'no ice' }), line(w.menu.cake.id, { quantity: 2 })],
      });
      const second = await placeOrder(token, { type: 'takeaway', lines: [line(w.menu.water.id)] });
      const bar = await ok(
        api().json('GET', v1(`/kitchen/tickets?station=${w.bar.id}`), undefined, cook.token),
      );
      expect(bar.data.map((t: Json) => t.ticket_number)).toEqual([
        first.ticket_number,
        second.ticket_number,
      ]);
      expect(bar.data[0]).toMatchObject({ note: 'Birthday', table: { id: w.menu.table.id } });
      expect(bar.data[0].lines).toHaveLength(1);
      expect(bar.data[0].lines[0]).toMatchObject({
        name: 'Water',
        note: 'no ice',
        status: 'queued',
        course: 1,
        held: false,
      });
      expect(bar.data[0].lines[0].fired_at).not.toBeNull();
      expect(bar.settings).toEqual({ amber_minutes: 8, red_minutes: 15 });
      const kitchen = await ok(
        api().json('GET', v1(`/kitchen/tickets?station=${w.kitchen.id}`), undefined, cook.token),
      );
      expect(kitchen.data.map((t: Json) => t.ticket_number)).toEqual([first.ticket_number]);
      expect(kitchen.data[0].lines[0]).toMatchObject({ name: 'Cheesecake', quantity: 2 });
      // Expo: every station.
      const expo = await ok(api().json('GET', v1('/kitchen/tickets'), undefined, cook.token));
      expect(expo.data[0].lines).toHaveLength(2);
      // The bar bumps its part of the first ticket: the kitchen's line is untouched.
      await ok(
        api().json(
          'POST',
          v1(`/orders/${first.id}/bump`),
          { status: 'served', station_id: w.bar.id },
          cook.token,
        ),
      );
      const barAfter = await ok(
        api().json('GET', v1(`/kitchen/tickets?station=${w.bar.id}`), undefined, cook.token),
      );
      expect(barAfter.data.map((t: Json) => t.ticket_number)).toEqual([second.ticket_number]);
      const kitchenAfter = await ok(
        api().json('GET', v1(`/kitchen/tickets?station=${w.kitchen.id}`), undefined, cook.token),
      );
      expect(kitchenAfter.data[0].lines[0].status).toBe('queued');
      // Undo of the bump: one step back brings the ticket back to the bar.
      await ok(
        api().json(
          'POST',
          v1(`/orders/${first.id}/bump`),
          { status: 'ready', station_id: w.bar.id },
          cook.token,
        ),
      );
      const barUndo = await ok(
        api().json('GET', v1(`/kitchen/tickets?station=${w.bar.id}`), undefined, cook.token),
      );
      expect(barUndo.data.map((t: Json) => t.ticket_number)).toEqual([
        first.ticket_number,
        second.ticket_number,
      ]);
      // Bad and foreign station ids.
      expect(
        (await api().json('GET', v1('/kitchen/tickets?station=x'), undefined, cook.token)).status,
      ).toBe(400);
      expect(
        (
          await api().json(
            'GET',
            v1(`/kitchen/tickets?station=${crypto.randomUUID()}`),
            undefined,
            cook.token,
          )
        ).status,
      ).toBe(404);
    });

    it('keeps age thresholds per tenant (amber before red)', async () => {
      const t = await newTenant(api());
      expect(await ok(api().json('GET', v1('/kitchen/settings'), undefined, t.token))).toEqual({
        amber_minutes: 8,
        red_minutes: 15,
      });
      expect(
        await ok(
          api().json(
            'PATCH',
            v1('/kitchen/settings'),
            { amber_minutes: 5, red_minutes: 10 },
            t.token,
          ),
        ),
      ).toEqual({ amber_minutes: 5, red_minutes: 10 });
      expect(
        (await api().json('PATCH', v1('/kitchen/settings'), { red_minutes: 5 }, t.token)).status,
      ).toBe(422);
      expect(
        (await api().json('PATCH', v1('/kitchen/settings'), { red_minutes: 0 }, t.token)).status,
      ).toBe(400);
      const cook = await staff(api(), t.token, 'kitchen');
      expect(
        (await api().json('PATCH', v1('/kitchen/settings'), { red_minutes: 30 }, cook.token))
          .status,
      ).toBe(403);
      expect(await ok(api().json('GET', v1('/kitchen/settings'), undefined, cook.token))).toEqual({
        amber_minutes: 5,
        red_minutes: 10,
      });
    });
  });

  describe('courses', () => {
    it('holds later courses until fired; the display shows them held; firing is one tap and idempotent', async () => {
      const w = await kitchenWorld(api(), { bar: 21, kitchen: 22 });
      const token = w.t.token;
      const waiter = await staff(api(), token, 'waiter');
      const cook = await staff(api(), token, 'kitchen');
      const bridge = await ok(api().json('POST', v1('/print-bridges'), { name: 'B' }, token), 201);
      const order = await placeOrder(waiter.token, {
        type: 'dine_in',
        table_id: w.menu.table.id,
        lines: [
          line(w.menu.water.id, { seat: 1 }),
          line(w.menu.cake.id, { seat: 2, course: 1 }),
          line(w.menu.cake.id, { seat: 3, course: 2, note: 'well done' }),
        ],
      });
      const [, starter, main] = order.lines;
      expect(starter.fired_at).not.toBeNull();
      expect(main.fired_at).toBeNull();
      const kitchen = async () =>
        ok(
          api().json('GET', v1(`/kitchen/tickets?station=${w.kitchen.id}`), undefined, cook.token),
        );
      const before = await kitchen();
      expect(before.data[0].lines.map((l: Json) => [l.course, l.seat, l.held])).toEqual([
        [1, 2, false],
        [2, 3, true],
      ]);
      // Only the fired lines printed: water at the bar, the starter in the kitchen.
      const claim1 = await ok(api().json('POST', v1('/print-jobs/claim'), {}, bridge.token));
      const texts1 = claim1.data.map((j: Json) => atob(j.payload_base64));
      expect(texts1.some((t: string) => t.includes('Water'))).toBe(true);
      const kitchenTicket = texts1.find((t: string) => t.includes('KITCHEN'));
      expect(kitchenTicket).toContain('(seat 2)');
      expect(kitchenTicket).not.toContain('well done');
      for (const j of claim1.data)
        await ok(api().json('POST', v1(`/print-jobs/${j.id}/ack`), undefined, bridge.token));
      // A bump from the kitchen display leaves the held course alone.
      await ok(
        api().json(
          'POST',
          v1(`/orders/${order.id}/bump`),
          { status: 'ready', station_id: w.kitchen.id },
          cook.token,
        ),
      );
      const bumped = await kitchen();
      expect(bumped.data[0].lines.map((l: Json) => [l.course, l.status])).toEqual([
        [1, 'ready'],
        [2, 'queued'],
      ]);
      // Kitchen staff may not fire; the waiter fires course 2 from the table.
      expect(
        (await api().json('POST', v1(`/orders/${order.id}/fire`), { course: 2 }, cook.token))
          .status,
      ).toBe(403);
      const fired = await ok(
        api().json('POST', v1(`/orders/${order.id}/fire`), { course: 2 }, waiter.token),
      );
      expect(fired.lines.find((l: Json) => l.id === main.id).fired_at).not.toBeNull();
      expect((await kitchen()).data[0].lines.find((l: Json) => l.course === 2).held).toBe(false);
      const claim2 = await ok(api().json('POST', v1('/print-jobs/claim'), {}, bridge.token));
      expect(claim2.data).toHaveLength(1);
      const mains = atob(claim2.data[0].payload_base64);
      expect(mains).toContain('FIRE COURSE 2');
      expect(mains).toContain('well done');
      expect(mains).not.toContain('(seat 2)');
      await ok(
        api().json('POST', v1(`/print-jobs/${claim2.data[0].id}/ack`), undefined, bridge.token),
      );
      // A second tap fires nothing and prints nothing.
      await ok(api().json('POST', v1(`/orders/${order.id}/fire`), { course: 2 }, waiter.token));
      expect(
        (await ok(api().json('POST', v1('/print-jobs/claim'), {}, bridge.token))).data,
      ).toHaveLength(0);
      // A line added to a course already fired goes out at once.
      const more = await ok(
        api().json(
          'POST',
          v1(`/orders/${order.id}/lines`),
          { lines: [line(w.menu.cake.id, { course: 2 })] },
          waiter.token,
        ),
        201,
      );
      expect(more.lines.at(-1).fired_at).not.toBeNull();
      expect(
        (await api().json('POST', v1(`/orders/${order.id}/fire`), { course: 4 }, waiter.token))
          .status,
      ).toBe(409);
      expect(
        (await api().json('POST', v1(`/orders/${order.id}/fire`), { course: 6 }, waiter.token))
          .status,
      ).toBe(400);
      expect(
        (
          await api().json(
            'POST',
            v1(`/orders/${crypto.randomUUID()}/fire`),
            { course: 2 },
            waiter.token,
          )
        ).status,
      ).toBe(404);
    });
  });

  describe('print jobs through a print bridge', () => {
    it('stores one ticket per station printer; the bridge claims, fails, retries and acknowledges each once', async () => {
      const w = await kitchenWorld(api(), { bar: 9, kitchen: 10 });
      const token = w.t.token;
      const bridge = await ok(
        api().json('POST', v1('/print-bridges'), { name: 'Café PC' }, token),
        201,
      );
      expect(bridge.token).toMatch(/^prb_/);
      const b = (method: string, path: string, body?: unknown) =>
        api().json(method, v1(path), body, bridge.token);
      await placeOrder(token, {
        type: 'dine_in',
        table_id: w.menu.table.id,
        lines: [line(w.menu.water.id), line(w.menu.cake.id)],
      });
      const jobs = await ok(api().json('GET', v1('/print-jobs?status=queued'), undefined, token));
      expect(jobs.data.map((j: Json) => j.station_id).sort()).toEqual(
        [w.bar.id, w.kitchen.id].sort(),
      );
      expect(jobs.data[0]).toMatchObject({
        kind: 'ticket',
        status: 'queued',
        attempts: 0,
        error: null,
      });
      // The bridge token opens the bridge's routes only; staff tokens don't open them.
      expect((await b('GET', '/print-jobs')).status).toBe(401);
      expect((await b('GET', '/orders')).status).toBe(401);
      expect((await api().json('POST', v1('/print-jobs/claim'), {}, token)).status).toBe(401);
      const claimed = await ok(b('POST', '/print-jobs/claim', {}));
      expect(claimed.data).toHaveLength(2);
      const bar = claimed.data.find((j: Json) => j.station_id === w.bar.id);
      const text = atob(bar.payload_base64);
      expect(text).toContain('BAR');
      expect(text).toContain('1 x Water');
      expect(text).not.toContain('Cheesecake');
      expect(text).toContain('\x1dV'); // the cut
      // Leased: a second claim gets nothing until the lease ends or the job is settled.
      expect((await ok(b('POST', '/print-jobs/claim', {}))).data).toHaveLength(0);
      const kitchenJob = claimed.data.find((j: Json) => j.station_id === w.kitchen.id);
      const failed = await ok(
        b('POST', `/print-jobs/${kitchenJob.id}/fail`, { error: 'ECONNREFUSED' }),
      );
      expect(failed).toMatchObject({ status: 'queued', attempts: 1, error: 'ECONNREFUSED' });
      const tickets = await ok(
        api().json('GET', v1(`/kitchen/tickets?station=${w.kitchen.id}`), undefined, token),
      );
      expect(tickets.failing_printers).toEqual([
        expect.objectContaining({ station_id: w.kitchen.id, error: 'ECONNREFUSED' }),
      ]);
      // Retry: due at once again.
      await ok(api().json('POST', v1(`/print-jobs/${kitchenJob.id}/retry`), undefined, token));
      const again = await ok(b('POST', '/print-jobs/claim', {}));
      expect(again.data.map((j: Json) => j.id)).toEqual([kitchenJob.id]);
      for (const j of [bar, kitchenJob]) {
        expect((await ok(b('POST', `/print-jobs/${j.id}/ack`))).status).toBe('printed');
      }
      // Acknowledging twice changes nothing; a printed job is never claimed or retried again.
      expect((await ok(b('POST', `/print-jobs/${bar.id}/ack`))).status).toBe('printed');
      expect((await ok(b('POST', '/print-jobs/claim', {}))).data).toHaveLength(0);
      expect(
        (await api().json('POST', v1(`/print-jobs/${bar.id}/retry`), undefined, token)).status,
      ).toBe(409);
      const printed = await ok(
        api().json('GET', v1('/print-jobs?status=printed'), undefined, token),
      );
      expect(printed.data).toHaveLength(2);
      // A revoked bridge is locked out at once.
      await ok(api().json('DELETE', v1(`/print-bridges/${bridge.id}`), undefined, token), 204);
      expect((await b('POST', '/print-jobs/claim', {})).status).toBe(401);
    });

    it("a bridge sees only its own tenant's jobs; receipts and test pages print on a station's printer", async () => {
      const a = await kitchenWorld(api(), { bar: 11, kitchen: 12 });
      const other = await kitchenWorld(api(), { bar: 13, kitchen: 14 });
      const bridge = await ok(
        api().json('POST', v1('/print-bridges'), { name: 'B' }, a.t.token),
        201,
      );
      const order = await placeOrder(other.t.token, {
        type: 'takeaway',
        lines: [line(other.menu.cake.id)],
      });
      const claim = await ok(api().json('POST', v1('/print-jobs/claim'), {}, bridge.token));
      expect(claim.data).toHaveLength(0);
      const otherJobs = await ok(api().json('GET', v1('/print-jobs'), undefined, other.t.token));
      expect(
        (
          await api().json(
            'POST',
            v1(`/print-jobs/${otherJobs.data[0].id}/ack`),
            undefined,
            bridge.token,
          )
        ).status,
      ).toBe(404);
      expect(
        (await api().json('POST', v1(`/orders/${order.id}/print-receipt`), {}, a.t.token)).status,
      ).toBe(404);
      const receipt = await ok(
        api().json(
          'POST',
          v1(`/orders/${order.id}/print-receipt`),
          { station_id: other.bar.id },
          other.t.token,
        ),
        201,
      );
      expect(receipt).toMatchObject({
        kind: 'receipt',
        station_id: other.bar.id,
        printer: { port: 13 },
      });
      expect(
        (
          await api().json(
            'POST',
            v1(`/orders/${order.id}/print-receipt`),
            { station_id: a.bar.id },
            other.t.token,
          )
        ).status,
      ).toBe(422);
      const test = await ok(
        api().json('POST', v1(`/stations/${a.kitchen.id}/test-print`), undefined, a.t.token),
        201,
      );
      expect(test).toMatchObject({ kind: 'test', status: 'queued', printer: { port: 12 } });
      const mine = await ok(api().json('POST', v1('/print-jobs/claim'), {}, bridge.token));
      expect(mine.data.map((j: Json) => j.id)).toEqual([test.id]);
      expect(atob(mine.data[0].payload_base64)).toContain('Printer test page');
    });
  });
}
