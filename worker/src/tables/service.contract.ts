import { describe, expect, it } from 'vitest';
import type { Sql } from '../db/client';
import { type Api, newTenant, staff } from '../test/client';
import { buildMenu } from '../test/menu';
import { postStripeWebhook, type StripeEmulator } from '../test/stripe-emulator';

export interface TableServiceTarget {
  api: Api;
  stripe: StripeEmulator;
  webhookSecret: string;
  /** The server's database (to read the events it recorded). */
  sql: Sql;
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by assertions, not types
type Json = Record<string, any>;
const id = () => crypto.randomUUID();
const v1 = (p: string) => `/api/v1${p}`;

/** Table service (floor, move, split, merge, guest shares) on every runtime. */
export function tableServiceContract(target: () => TableServiceTarget) {
  const api = () => target().api;

  async function call(token: string | undefined, method: string, path: string, body?: unknown) {
    const res = await api().json(method, v1(path), body, token);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  }
  async function ok(
    token: string,
    method: string,
    path: string,
    body?: unknown,
    want = [200, 201],
  ) {
    const r = await call(token, method, path, body);
    expect(want, `${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`).toContain(r.status);
    return r.body;
  }
  async function setup(extra: Record<string, unknown> = {}) {
    const t = await newTenant(api(), extra);
    const menu = await buildMenu(api(), t.token);
    // After the menu's table (position 0), whatever its random name.
    const t7 = await ok(t.token, 'POST', '/tables', {
      name: 'T7',
      area: 'Terrace',
      seats: 6,
      position: 1,
    });
    return { ...t, menu, t7 };
  }
  const line = (productId: string, quantity = 1) => ({ id: id(), product_id: productId, quantity });
  const order = (token: string, tableId: string | null, lines: Json[]) =>
    ok(token, 'POST', '/orders', { id: id(), type: 'dine_in', table_id: tableId, lines });
  const floorTable = async (token: string, tableId: string) => {
    const f = await ok(token, 'GET', '/floor');
    return (f.areas as Json[]).flatMap((a) => a.tables as Json[]).find((t) => t.id === tableId)!;
  };
  const webhook = (event: Json) => postStripeWebhook(api(), target().webhookSecret, event);
  const quantities = (o: Json) =>
    Object.fromEntries(
      (o.lines as Json[]).filter((l) => !l.voided).map((l) => [l.id, l.quantity as number]),
    );

  describe('floor plan', () => {
    it('lays tables out by area and follows a table from free to ordered, served, billing, paid and free', async () => {
      const t = await setup();
      const patched = await ok(t.token, 'PATCH', `/tables/${t.t7.id}`, {
        layout: { x: 40, y: 20, w: 10, h: 10, shape: 'round', rotation: 90 },
      });
      expect(patched.layout).toEqual({ x: 40, y: 20, w: 10, h: 10, shape: 'round', rotation: 90 });
      for (const bad of [
        { x: 101, y: 0, w: 1, h: 1, shape: 'rect', rotation: 0 },
        { x: 1, y: 0, w: 0, h: 1, shape: 'rect', rotation: 0 },
        { x: 1, y: 0, w: 1, h: 1, shape: 'oval', rotation: 0 },
        { x: 1, y: 0, w: 1, h: 1, shape: 'rect', rotation: 360 },
        { x: 1.5, y: 0, w: 1, h: 1, shape: 'rect', rotation: 0 },
      ]) {
        expect((await call(t.token, 'PATCH', `/tables/${t.t7.id}`, { layout: bad })).status).toBe(
          400,
        );
      }
      const floor = await ok(t.token, 'GET', '/floor');
      expect(floor.areas.map((a: Json) => a.name)).toEqual([null, 'Terrace']);
      const free = await floorTable(t.token, t.t7.id);
      expect(free).toMatchObject({
        name: 'T7',
        seats: 6,
        status: 'free',
        since: null,
        orders: [],
        layout: { x: 40, shape: 'round' },
      });
      // Tables never placed still get a place on the grid.
      expect((await floorTable(t.token, t.menu.table.id)).layout).toMatchObject({
        w: expect.any(Number),
        shape: 'rect',
      });

      const o = await order(t.token, t.t7.id, [line(t.menu.cake.id, 2), line(t.menu.water.id)]);
      const ordered = await floorTable(t.token, t.t7.id);
      expect(ordered).toMatchObject({
        status: 'ordered',
        since: o.created_at,
        orders: [{ id: o.id, ticket_number: o.ticket_number, total: o.total, balance: o.total }],
      });
      await ok(t.token, 'POST', `/orders/${o.id}/bump`, { status: 'served' });
      expect((await floorTable(t.token, t.t7.id)).status).toBe('served');
      await ok(t.token, 'POST', `/orders/${o.id}/payments`, {
        id: id(),
        method: 'cash',
        amount: 100,
      });
      expect(await floorTable(t.token, t.t7.id)).toMatchObject({
        status: 'billing',
        orders: [{ balance: o.total - 100 }],
      });
      await ok(t.token, 'POST', `/orders/${o.id}/payments`, {
        id: id(),
        method: 'cash',
        amount: o.total - 100,
      });
      expect((await floorTable(t.token, t.t7.id)).status).toBe('paid');
      await ok(t.token, 'POST', `/orders/${o.id}/close`);
      expect((await floorTable(t.token, t.t7.id)).status).toBe('free');

      // Every one of those changes told the floor: table.updated events with the new status.
      const events = await target().sql<{ data: Json }[]>`
        select data from events where tenant_id = ${t.tenant.id} and type = 'table.updated'
          and data->'table'->>'id' = ${t.t7.id} order by seq`;
      const statuses = events.map((e) => e.data.table.status);
      expect(statuses).toEqual(expect.arrayContaining(['ordered', 'served', 'billing', 'paid']));
      expect(statuses.at(-1)).toBe('free');
      for (const role of ['waiter', 'kitchen', 'cashier']) {
        const s = await staff(api(), t.token, role);
        expect((await call(s.token, 'GET', '/floor')).status).toBe(200);
      }
      expect((await call(undefined, 'GET', '/floor')).status).toBe(401);
    });
  });

  describe('move', () => {
    it('moves an open order to another table, replays by target, and refuses closed orders', async () => {
      const t = await setup();
      const o = await order(t.token, t.menu.table.id, [line(t.menu.cake.id)]);
      const waiter = await staff(api(), t.token, 'waiter');
      const moved = await ok(
        waiter.token,
        'POST',
        `/orders/${o.id}/move`,
        { table_id: t.t7.id },
        [200],
      );
      expect(moved).toMatchObject({ id: o.id, table_id: t.t7.id, total: o.total });
      expect((await floorTable(t.token, t.menu.table.id)).status).toBe('free');
      expect((await floorTable(t.token, t.t7.id)).orders.map((x: Json) => x.id)).toEqual([o.id]);
      // The same move again is a replay: 200, nothing changes.
      const seqBefore = await target().sql<{ n: number }[]>`
        select count(*)::int as n from events where tenant_id = ${t.tenant.id}`;
      expect(
        (await call(t.token, 'POST', `/orders/${o.id}/move`, { table_id: t.t7.id })).status,
      ).toBe(200);
      const seqAfter = await target().sql<{ n: number }[]>`
        select count(*)::int as n from events where tenant_id = ${t.tenant.id}`;
      expect(seqAfter[0]!.n).toBe(seqBefore[0]!.n);

      expect((await call(t.token, 'POST', `/orders/${o.id}/move`, { table_id: id() })).status).toBe(
        422,
      );
      expect((await call(t.token, 'POST', `/orders/${o.id}/move`, { table_id: 'x' })).status).toBe(
        400,
      );
      const kitchen = await staff(api(), t.token, 'kitchen');
      expect(
        (await call(kitchen.token, 'POST', `/orders/${o.id}/move`, { table_id: t.menu.table.id }))
          .status,
      ).toBe(403);
      await ok(t.token, 'POST', `/orders/${o.id}/payments`, {
        id: id(),
        method: 'cash',
        amount: o.total,
      });
      expect(
        (await call(t.token, 'POST', `/orders/${o.id}/move`, { table_id: t.menu.table.id })).status,
      ).toBe(409);
      const other = await newTenant(api());
      expect(
        (await call(other.token, 'POST', `/orders/${o.id}/move`, { table_id: t.t7.id })).status,
      ).toBe(404);
    });
  });

  describe('split', () => {
    it('splits by item with part quantities, exactly, and replays by the new order id', async () => {
      const t = await setup({ tax_inclusive: false });
      // 3 × 4.20 at 7 % and 1 × 1.99 at 19 % (tax-exclusive), 10 % off.
      const beers = line(t.menu.cake.id, 3);
      const water = line(t.menu.water.id, 1);
      const o = await order(t.token, t.t7.id, [beers, water]);
      await ok(t.token, 'POST', `/orders/${o.id}/discount`, {
        kind: 'percent',
        value: 10,
        reason: 'regulars',
      });
      const before = await ok(t.token, 'GET', `/orders/${o.id}`);
      const body = { id: id(), lines: [{ line_id: beers.id, quantity: 1 }] };
      const res = await call(t.token, 'POST', `/orders/${o.id}/split`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const { order: part, from } = res.body;
      expect(part).toMatchObject({ id: body.id, status: 'open', table_id: t.t7.id });
      expect(part.ticket_number).not.toBe(o.ticket_number);
      expect(from.id).toBe(o.id);
      expect(part.total + from.total).toBe(before.total);
      expect(part.tax_total + from.tax_total).toBe(before.tax_total);
      expect(part.discount_total + from.discount_total).toBe(before.discount_total);
      // The line split in part keeps its id on the source and gets a new one on the new order.
      expect(quantities(from)).toEqual({ [beers.id]: 2, [water.id]: 1 });
      expect(part.lines).toHaveLength(1);
      expect(part.lines[0]).toMatchObject({ name: 'Cheesecake', quantity: 1, unit_price: 420 });
      expect(part.lines[0].id).not.toBe(beers.id);

      const replay = await call(t.token, 'POST', `/orders/${o.id}/split`, body);
      expect(replay.status).toBe(200);
      expect(replay.body.order.id).toBe(body.id);
      expect(replay.body.order.lines[0].id).toBe(part.lines[0].id);
      expect(
        (
          await call(t.token, 'POST', `/orders/${o.id}/split`, {
            ...body,
            lines: [{ line_id: water.id, quantity: 1 }],
          })
        ).status,
      ).toBe(409);
      const after = await ok(t.token, 'GET', `/orders/${o.id}`);
      expect(after.total).toBe(from.total);

      // A whole line moves with its id; both parts are paid on their own, any tender.
      const second = await ok(t.token, 'POST', `/orders/${o.id}/split`, {
        id: id(),
        lines: [{ line_id: water.id, quantity: 1 }],
      });
      expect(second.order.lines.map((l: Json) => l.id)).toEqual([water.id]);
      const parts = [part, second.order, second.from];
      expect(parts.reduce((s, p) => s + p.total, 0)).toBe(before.total);
      for (const p of parts) {
        const paid = await ok(t.token, 'POST', `/orders/${p.id}/payments`, {
          id: id(),
          method: 'cash',
          amount: p.total,
        });
        expect(paid.order.status).toBe('paid');
      }
      const table = await floorTable(t.token, t.t7.id);
      expect(table.status).toBe('paid');
      expect(table.orders).toHaveLength(3);
    });

    it('refuses bad splits with 422 and splits of paid or part-paid orders with 409', async () => {
      const t = await setup();
      const a = line(t.menu.cake.id, 2);
      const o = await order(t.token, t.t7.id, [a]);
      const split = (lines: Json[], orderId = o.id) =>
        call(t.token, 'POST', `/orders/${orderId}/split`, { id: id(), lines });
      expect((await split([{ line_id: id(), quantity: 1 }])).status).toBe(422);
      expect((await split([{ line_id: a.id, quantity: 3 }])).status).toBe(422);
      expect((await split([{ line_id: a.id, quantity: 2 }])).status).toBe(422);
      expect((await split([{ line_id: a.id, quantity: 0 }])).status).toBe(400);
      expect((await split([])).status).toBe(400);
      expect((await split([{ line_id: a.id, quantity: 1 }], id())).status).toBe(404);
      await ok(t.token, 'POST', `/orders/${o.id}/payments`, {
        id: id(),
        method: 'cash',
        amount: 1,
      });
      const refused = await split([{ line_id: a.id, quantity: 1 }]);
      expect(refused.status).toBe(409);
      const unchanged = await ok(t.token, 'GET', `/orders/${o.id}`);
      expect(quantities(unchanged)).toEqual({ [a.id]: 2 });
    });
  });

  describe('merge', () => {
    it('merges open tabs into one, voiding them as merged, and follows late rounds to it', async () => {
      const t = await setup();
      const a = await order(t.token, t.t7.id, [line(t.menu.cake.id)]);
      const bLine = line(t.menu.water.id, 2);
      const b = await order(t.token, t.menu.table.id, [bLine]);
      const merged = await ok(
        t.token,
        'POST',
        `/orders/${a.id}/merge`,
        { order_ids: [b.id] },
        [200],
      );
      expect(merged.total).toBe(a.total + b.total);
      expect(quantities(merged)[bLine.id]).toBe(2);
      const gone = await ok(t.token, 'GET', `/orders/${b.id}`);
      expect(gone).toMatchObject({ status: 'void', total: 0 });
      const raw = await target().sql<{ void_reason: string }[]>`
        select void_reason from orders where tenant_id = ${t.tenant.id} and id = ${b.id}`;
      expect(raw[0]!.void_reason).toBe(`merged into #${a.ticket_number}`);
      expect((await floorTable(t.token, t.menu.table.id)).status).toBe('free');
      // Replay: 200, nothing changes.
      const again = await call(t.token, 'POST', `/orders/${a.id}/merge`, { order_ids: [b.id] });
      expect(again.status).toBe(200);
      expect(again.body.total).toBe(merged.total);
      // A round a device sends to the merged tab lands on the tab it went into; its replay is
      // skipped, and the first round replayed there is skipped too.
      const late = line(t.menu.cake.id);
      const r = await call(t.token, 'POST', `/orders/${b.id}/lines`, { lines: [late] });
      expect(r.status).toBe(201);
      expect(r.body.id).toBe(a.id);
      expect((await call(t.token, 'POST', `/orders/${b.id}/lines`, { lines: [late] })).status).toBe(
        200,
      );
      expect(
        (await call(t.token, 'POST', `/orders/${b.id}/lines`, { lines: [bLine] })).status,
      ).toBe(200);
      const final = await ok(t.token, 'GET', `/orders/${a.id}`);
      expect(Object.keys(quantities(final))).toHaveLength(3);

      const c = await order(t.token, null, [line(t.menu.cake.id)]);
      await ok(t.token, 'POST', `/orders/${c.id}/payments`, {
        id: id(),
        method: 'cash',
        amount: 1,
      });
      expect(
        (await call(t.token, 'POST', `/orders/${a.id}/merge`, { order_ids: [c.id] })).status,
      ).toBe(409);
      expect(
        (await call(t.token, 'POST', `/orders/${a.id}/merge`, { order_ids: [id()] })).status,
      ).toBe(422);
      expect(
        (await call(t.token, 'POST', `/orders/${a.id}/merge`, { order_ids: [a.id] })).status,
      ).toBe(422);
      expect((await call(t.token, 'POST', `/orders/${a.id}/merge`, { order_ids: [] })).status).toBe(
        400,
      );
      const other = await newTenant(api());
      const foreign = await order(other.token, null, [
        line((await buildMenu(api(), other.token)).cake.id),
      ]);
      expect(
        (await call(t.token, 'POST', `/orders/${a.id}/merge`, { order_ids: [foreign.id] })).status,
      ).toBe(422);
      expect(
        (await call(other.token, 'POST', `/orders/${a.id}/merge`, { order_ids: [foreign.id] }))
          .status,
      ).toBe(404);
    });
  });

  describe('guests paying their share', () => {
    it('a guest pays half by card while a waiter takes the rest in cash: paid exactly once', async () => {
      const t = await setup();
      const qr = await call(undefined, 'POST', `/public/tables/${t.menu.table.qr_token}/orders`, {
        id: id(),
        lines: [line(t.menu.cake.id, 2), line(t.menu.water.id)],
      });
      expect(qr.status).toBe(201);
      const { order: o, tracking_token } = qr.body;
      const half = Math.floor(o.total / 2);
      expect(
        (
          await call(undefined, 'POST', `/public/orders/${tracking_token}/checkout`, {
            amount: o.total + 1,
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await call(undefined, 'POST', `/public/orders/${tracking_token}/checkout`, {
            amount: 1.5,
          })
        ).status,
      ).toBe(400);
      const co = await call(undefined, 'POST', `/public/orders/${tracking_token}/checkout`, {
        amount: half,
      });
      expect(co.status).toBe(200);
      const session = co.body.checkout_url.split('/').pop();
      expect(target().stripe.sessions.get(session)?.amount_total).toBe(half);
      // A second tap for the same share reuses the session.
      const again = await call(undefined, 'POST', `/public/orders/${tracking_token}/checkout`, {
        amount: half,
      });
      expect(again.body.checkout_url).toBe(co.body.checkout_url);
      // The waiter takes the rest in cash while the guest is still paying.
      const cash = await ok(t.token, 'POST', `/orders/${o.id}/payments`, {
        id: id(),
        method: 'cash',
        amount: o.total - half,
      });
      expect(cash.order).toMatchObject({ status: 'open', pending_total: half });
      const settle = target().stripe.complete(session);
      const [r1, r2] = await Promise.all([webhook(settle), webhook(settle)]);
      expect([r1.status, r2.status]).toEqual([200, 200]);
      const paid = await ok(t.token, 'GET', `/orders/${o.id}`);
      expect(paid).toMatchObject({
        status: 'paid',
        paid_total: o.total,
        balance: 0,
        receipt_number: 1,
      });
      const guestView = await call(undefined, 'GET', `/public/orders/${tracking_token}`);
      expect(guestView.body).toMatchObject({ balance: 0, status: 'paid' });
      const receipts = await target().sql<{ n: number }[]>`
        select count(*)::int as n from orders where tenant_id = ${t.tenant.id} and receipt_number is not null`;
      expect(receipts[0]!.n).toBe(1);
      expect(
        (await call(undefined, 'POST', `/public/orders/${tracking_token}/checkout`, { amount: 1 }))
          .status,
      ).toBe(422);
    });

    it("lists the table's open bills for the QR page, staff-made and split-off ones with a token to pay", async () => {
      const t = await setup();
      const qr = t.menu.table.qr_token;
      const taken = await order(t.token, t.menu.table.id, [
        line(t.menu.cake.id, 2),
        line(t.menu.water.id),
      ]);
      const cake = (taken.lines as Json[]).find((l) => l.product_id === t.menu.cake.id)!;
      const { order: part } = await ok(t.token, 'POST', `/orders/${taken.id}/split`, {
        id: id(),
        lines: [{ line_id: cake.id, quantity: 1 }],
      });
      await order(t.token, t.t7.id, [line(t.menu.water.id)]); // another table's: not listed
      const paid = await order(t.token, t.menu.table.id, [line(t.menu.water.id)]);
      await ok(t.token, 'POST', `/orders/${paid.id}/payments`, {
        id: id(),
        method: 'cash',
        amount: paid.total,
      });

      const first = await call(undefined, 'GET', `/public/tables/${qr}/bills`);
      expect(first.status).toBe(200);
      expect((first.body.data as Json[]).map((b) => b.order.id)).toEqual([taken.id, part.id]);
      for (const b of first.body.data as Json[]) {
        expect(b.tracking_token).toMatch(/^[\w-]{20,}$/);
        expect(b.order).not.toHaveProperty('created_by');
      }
      // The same tokens on every later look, and they open the order like a guest's own.
      const again = await call(undefined, 'GET', `/public/tables/${qr}/bills`);
      expect(again.body.data.map((b: Json) => b.tracking_token)).toEqual(
        first.body.data.map((b: Json) => b.tracking_token),
      );
      const partToken = first.body.data[1].tracking_token;
      const seen = await call(undefined, 'GET', `/public/orders/${partToken}`);
      expect(seen.body).toMatchObject({ id: part.id, balance: part.total });

      // A guest pays the split-off bill: it is paid once, the rest stays open.
      const co = await call(undefined, 'POST', `/public/orders/${partToken}/checkout`, {
        amount: part.total,
      });
      expect(co.status).toBe(200);
      const session = co.body.checkout_url.split('/').pop();
      expect((await webhook(target().stripe.complete(session))).status).toBe(200);
      expect(await ok(t.token, 'GET', `/orders/${part.id}`)).toMatchObject({
        status: 'paid',
        paid_total: part.total,
      });
      const left = await call(undefined, 'GET', `/public/tables/${qr}/bills`);
      expect(left.body.data.map((b: Json) => b.order.id)).toEqual([taken.id]);

      expect((await call(undefined, 'GET', `/public/tables/${'x'.repeat(32)}/bills`)).status).toBe(
        404,
      );
    });
  });

  describe('concurrent edits of one table', () => {
    it('never loses or doubles a line while rounds are replayed during split, merge and move', async () => {
      const t = await setup();
      const round1 = [line(t.menu.cake.id, 3), line(t.menu.water.id, 2)];
      const a = await order(t.token, t.t7.id, round1);
      const b = await order(t.token, t.t7.id, [line(t.menu.cake.id)]);
      const round2 = [line(t.menu.water.id, 4)];
      const splitBody = { id: id(), lines: [{ line_id: round1[0]!.id, quantity: 1 }] };
      const requests: Promise<{ status: number }>[] = [];
      for (let i = 0; i < 6; i++) {
        requests.push(call(t.token, 'POST', `/orders/${a.id}/lines`, { lines: round1 }));
        requests.push(call(t.token, 'POST', `/orders/${a.id}/lines`, { lines: round2 }));
        requests.push(call(t.token, 'POST', `/orders/${b.id}/lines`, { lines: round2 }));
      }
      requests.push(call(t.token, 'POST', `/orders/${a.id}/split`, splitBody));
      requests.push(call(t.token, 'POST', `/orders/${a.id}/split`, splitBody));
      requests.push(call(t.token, 'POST', `/orders/${a.id}/merge`, { order_ids: [b.id] }));
      requests.push(call(t.token, 'POST', `/orders/${a.id}/merge`, { order_ids: [b.id] }));
      requests.push(call(t.token, 'POST', `/orders/${a.id}/move`, { table_id: t.menu.table.id }));
      const statuses = (await Promise.all(requests)).map((r) => r.status);
      for (const s of statuses) expect([200, 201, 409]).toContain(s);
      // Replays of round 2 to b may lose the race to the merge and go to a: never a 5xx, and
      // whichever way it went, the round is there exactly once.
      const rows = await target().sql<
        { id: string; order_id: string; quantity: number; product_id: string }[]
      >`
        select l.id, l.order_id, l.quantity, l.product_id from order_lines l
        join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
        where l.tenant_id = ${t.tenant.id} and not l.voided and o.status <> 'void'`;
      const byProduct = (p: string) =>
        rows.filter((r) => r.product_id === p).reduce((s, r) => s + r.quantity, 0);
      expect(byProduct(t.menu.cake.id)).toBe(3 + 1);
      expect(byProduct(t.menu.water.id)).toBe(2 + 4);
      expect(rows.filter((r) => r.id === round2[0]!.id)).toHaveLength(1);
      // The split happened once, and every total still adds up from its lines.
      const all = await ok(t.token, 'GET', '/orders?status=open');
      const open = all.data as Json[];
      expect(open.length).toBe(2);
      const sum = open.reduce((s, o) => s + o.subtotal, 0);
      expect(sum).toBe(4 * t.menu.cake.price + 6 * t.menu.water.price);
      expect((await floorTable(t.token, t.t7.id)).status).not.toBe('billing');
    });
  });
}
