import { describe, expect, it } from 'vitest';
import { type Api, newTenant, staff, uniq } from '../test/client';
import { buildMenu, type Menu } from '../test/menu';
import { StripeEmulator } from '../test/stripe-emulator';

export interface OrdersTarget {
  api: Api;
  stripe: StripeEmulator;
  webhookSecret: string;
}

const id = () => crypto.randomUUID();
// biome-ignore lint/suspicious/noExplicitAny: response bodies are free-form JSON in these tests
type Json = Record<string, any>;

/** The Orders, Idempotency and QR contract (docs/api.md, docs/orders.md), run against every runtime. */
export function ordersContract(target: () => OrdersTarget) {
  const api = () => target().api;

  async function setup(extra: Record<string, unknown> = {}) {
    const t = await newTenant(api(), extra);
    const menu = await buildMenu(api(), t.token);
    return { ...t, menu };
  }
  const coffee = (m: Menu, opts: { size?: number; extras?: number[]; quantity?: number } = {}) => ({
    id: id(),
    product_id: m.coffee.id,
    quantity: opts.quantity ?? 1,
    modifier_ids: [
      m.size.modifiers[opts.size ?? 0]!.id,
      ...(opts.extras ?? []).map((i) => m.extras.modifiers[i]!.id),
    ],
  });
  const order = async (token: string, body: Json, status = 201) => {
    const res = await api().json('POST', '/api/v1/orders', body, token);
    const json = await res.json();
    expect(res.status, JSON.stringify(json)).toBe(status);
    return json as Json;
  };
  const pay = (token: string, orderId: string, body: Json) =>
    api().json('POST', `/api/v1/orders/${orderId}/payments`, body, token);

  describe('pricing through the API', () => {
    it('prices lines from the catalog with modifiers, snapshots them and totals an inclusive tenant', async () => {
      const t = await setup({ tax_inclusive: true });
      const o = await order(t.token, {
        id: id(),
        type: 'dine_in',
        table_id: t.menu.table.id,
        lines: [
          coffee(t.menu, { size: 1, extras: [0, 1], quantity: 2 }),
          { id: id(), product_id: t.menu.cake.id, quantity: 1 },
        ],
      });
      // Cappuccino 350 + 80 + 50 + 30 = 510 × 2 = 1020 at 19 %: 1020 × 19/119 = 162.86 → 163
      // Cheesecake 420 at 7 %: 420 × 7/107 = 27.48 → 27
      expect(
        o.lines.map((l: Json) => [
          l.name,
          l.unit_price,
          l.line_total,
          l.tax_rate_bp,
          l.tax,
          l.status,
        ]),
      ).toEqual([
        ['Cappuccino', 350, 1020, 1900, 163, 'queued'],
        ['Cheesecake', 420, 420, 700, 27, 'queued'],
      ]);
      expect(o.lines[0].modifiers.map((m: Json) => m.name)).toEqual([
        'Large',
        'Extra shot',
        'Oat milk',
      ]);
      expect(o).toMatchObject({
        status: 'open',
        source: 'pos',
        subtotal: 1440,
        tax_total: 190,
        total: 1440,
        paid_total: 0,
        balance: 1440,
        receipt_number: null,
        ticket_number: 1,
      });
      // The snapshot survives a price change.
      await api().json('PATCH', `/api/v1/products/${t.menu.coffee.id}`, { price: 999 }, t.token);
      const again = await (
        await api().json('GET', `/api/v1/orders/${o.id}`, undefined, t.token)
      ).json();
      expect(again.lines[0].unit_price).toBe(350);
    });

    it('keeps each line’s seat and course, the course defaulting to its category’s', async () => {
      const t = await setup();
      const mains = await api().json(
        'POST',
        '/api/v1/categories',
        { name: 'Mains', default_course: 2 },
        t.token,
      );
      expect(mains.status).toBe(201);
      const category = (await mains.json()) as Json;
      expect(category.default_course).toBe(2);
      await api().json(
        'PATCH',
        `/api/v1/products/${t.menu.cake.id}`,
        { category_id: category.id },
        t.token,
      );
      const o = await order(t.token, {
        id: id(),
        type: 'dine_in',
        lines: [
          { ...coffee(t.menu), seat: 3 },
          { id: id(), product_id: t.menu.cake.id, quantity: 1, seat: 1 },
          { id: id(), product_id: t.menu.cake.id, quantity: 1, course: 3 },
        ],
      });
      expect(o.lines.map((l: Json) => [l.seat, l.course])).toEqual([
        [3, 1],
        [1, 2],
        [null, 3],
      ]);
      const added = await api().json(
        'POST',
        `/api/v1/orders/${o.id}/lines`,
        { lines: [{ id: id(), product_id: t.menu.cake.id, quantity: 1, seat: 2 }] },
        t.token,
      );
      const after = (await added.json()) as Json;
      expect(after.lines.at(-1)).toMatchObject({ seat: 2, course: 2 });
      for (const bad of [{ seat: 0 }, { seat: 100 }, { course: 0 }, { course: 6 }, { seat: 1.5 }]) {
        const res = await api().json(
          'POST',
          '/api/v1/orders',
          { id: id(), type: 'dine_in', lines: [{ ...coffee(t.menu), ...bad }] },
          t.token,
        );
        expect(res.status, JSON.stringify(bad)).toBe(400);
      }
      const patch = await api().json(
        'PATCH',
        `/api/v1/categories/${category.id}`,
        { default_course: 6 },
        t.token,
      );
      expect(patch.status).toBe(400);
    });

    it('adds tax on top for exclusive tenants and uses the takeaway rate for takeaway orders', async () => {
      const t = await setup();
      const o = await order(t.token, {
        id: id(),
        type: 'takeaway',
        lines: [coffee(t.menu), { id: id(), product_id: t.menu.water.id, quantity: 3 }],
      });
      // Cappuccino 350 takeaway at 7 %: 24.5 → 25 (half-up); water 597 at 19 %: 113.43 → 113
      expect(o.lines.map((l: Json) => l.tax)).toEqual([25, 113]);
      expect(o).toMatchObject({ subtotal: 947, tax_total: 138, total: 1085, balance: 1085 });
      const second = await order(t.token, { id: id(), type: 'dine_in', lines: [coffee(t.menu)] });
      expect(second.ticket_number).toBe(2);
    });

    it('answers 422 naming the line for unknown, unavailable and mis-modified products', async () => {
      const t = await setup();
      const other = await setup();
      await api().json(
        'PATCH',
        `/api/v1/products/${t.menu.cake.id}`,
        { available: false },
        t.token,
      );
      const cases: [Json[], string][] = [
        [
          [coffee(t.menu), { id: id(), product_id: other.menu.water.id, quantity: 1 }],
          'lines.1.product_id',
        ],
        [[{ id: id(), product_id: t.menu.cake.id, quantity: 1 }], 'lines.0.product_id'],
        [[{ id: id(), product_id: t.menu.coffee.id, quantity: 1 }], 'lines.0.modifier_ids'],
        [
          [
            {
              ...coffee(t.menu),
              modifier_ids: [t.menu.size.modifiers[0]!.id, t.menu.size.modifiers[1]!.id],
            },
          ],
          'lines.0.modifier_ids',
        ],
        [[coffee(t.menu, { extras: [0, 1, 2] })], 'lines.0.modifier_ids'],
        [
          [{ ...coffee(t.menu), modifier_ids: [other.menu.size.modifiers[0]!.id] }],
          'lines.0.modifier_ids',
        ],
      ];
      for (const [lines, path] of cases) {
        const res = await api().json(
          'POST',
          '/api/v1/orders',
          { id: id(), type: 'dine_in', lines },
          t.token,
        );
        expect(res.status, path).toBe(422);
        expect((await res.json()).errors.map((e: Json) => e.path)).toContain(path);
      }
      const foreignTable = await api().json(
        'POST',
        '/api/v1/orders',
        { id: id(), type: 'dine_in', table_id: other.menu.table.id, lines: [coffee(t.menu)] },
        t.token,
      );
      expect(foreignTable.status).toBe(422);
      expect((await api().json('GET', '/api/v1/orders', undefined, t.token)).status).toBe(200);
      const list = await (await api().json('GET', '/api/v1/orders', undefined, t.token)).json();
      expect(list.data).toHaveLength(0);
    });

    it('rejects non-integer money and quantities with 400', async () => {
      const t = await setup();
      // Raw JSON literals: a JS number could not even hold 2^53+1 or 1e400.
      const bad = ['1.5', '0', '1000', '"2"', '1e400', '9007199254740993', '-0.5', 'null'];
      for (const literal of bad) {
        const res = await api().fetch('/api/v1/orders', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
          body: `{"id":"${id()}","type":"dine_in","lines":[{"id":"${id()}","product_id":"${t.menu.cake.id}","quantity":${literal}}]}`,
        });
        expect(res.status, literal).toBe(400);
      }
      const o = await order(t.token, {
        id: id(),
        type: 'dine_in',
        lines: [{ id: id(), product_id: t.menu.cake.id, quantity: 1 }],
      });
      for (const literal of ['1.5', '1e400', '9007199254740993', '100000001', '"5"', '-1', '0']) {
        const res = await api().fetch(`/api/v1/orders/${o.id}/payments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
          body: `{"id":"${id()}","method":"cash","amount":${literal}}`,
        });
        expect(res.status, literal).toBe(400);
      }
    });

    it('prices an offline order as the catalog stood at its catalog_version', async () => {
      const t = await setup();
      const cat = await (await api().json('GET', '/api/v1/catalog', undefined, t.token)).json();
      await api().json(
        'PATCH',
        `/api/v1/products/${t.menu.cake.id}`,
        { price: 500, available: false },
        t.token,
      );
      const o = await order(t.token, {
        id: id(),
        type: 'dine_in',
        catalog_version: cat.version,
        lines: [{ id: id(), product_id: t.menu.cake.id, quantity: 1 }],
      });
      expect(o.lines[0].unit_price).toBe(420);
      const future = await api().json(
        'POST',
        '/api/v1/orders',
        { id: id(), type: 'dine_in', catalog_version: cat.version + 1000, lines: [coffee(t.menu)] },
        t.token,
      );
      expect(future.status).toBe(422);
    });
  });

  describe('idempotency', () => {
    it('replays the same id and body as 200 with the stored order, and a changed body as 409', async () => {
      const t = await setup();
      const body = { id: id(), type: 'dine_in', note: 'window', lines: [coffee(t.menu)] };
      const first = await order(t.token, body);
      // Same JSON, keys in another order.
      const reordered = {
        lines: body.lines.map((l) => ({
          quantity: l.quantity,
          modifier_ids: l.modifier_ids,
          product_id: l.product_id,
          id: l.id,
        })),
        note: 'window',
        type: 'dine_in',
        id: body.id,
      };
      const replay = await order(t.token, reordered, 200);
      expect(replay).toEqual(first);
      const changed = await api().json(
        'POST',
        '/api/v1/orders',
        { ...body, note: 'door' },
        t.token,
      );
      expect(changed.status).toBe(409);
      const list = await (await api().json('GET', '/api/v1/orders', undefined, t.token)).json();
      expect(list.data).toHaveLength(1);
    });

    it('creates exactly one order from concurrent replays of the same id', async () => {
      const t = await setup();
      const body = { id: id(), type: 'dine_in', lines: [coffee(t.menu)] };
      const results = await Promise.all(
        Array.from({ length: 8 }, () => api().json('POST', '/api/v1/orders', body, t.token)),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    });

    it('skips identical replayed lines and refuses changed ones', async () => {
      const t = await setup();
      const o = await order(t.token, { id: id(), type: 'dine_in', lines: [coffee(t.menu)] });
      const add = { lines: [{ id: id(), product_id: t.menu.cake.id, quantity: 2 }] };
      const r1 = await api().json('POST', `/api/v1/orders/${o.id}/lines`, add, t.token);
      expect(r1.status).toBe(201);
      expect((await r1.json()).lines).toHaveLength(2);
      const r2 = await api().json('POST', `/api/v1/orders/${o.id}/lines`, add, t.token);
      expect(r2.status).toBe(200);
      expect((await r2.json()).lines).toHaveLength(2);
      const r3 = await api().json(
        'POST',
        `/api/v1/orders/${o.id}/lines`,
        { lines: [{ ...add.lines[0], quantity: 3 }] },
        t.token,
      );
      expect(r3.status).toBe(409);
    });
  });

  describe('listing', () => {
    it('lists newest first with status, table and half-open time filters, paginated by cursor', async () => {
      const t = await setup();
      const a = await order(t.token, {
        id: id(),
        type: 'dine_in',
        table_id: t.menu.table.id,
        lines: [coffee(t.menu)],
      });
      const b = await order(t.token, { id: id(), type: 'takeaway', lines: [coffee(t.menu)] });
      const c = await order(t.token, { id: id(), type: 'takeaway', lines: [coffee(t.menu)] });
      await pay(t.token, c.id, { id: id(), method: 'cash', amount: c.total });
      const list = async (q: string) => {
        const res = await api().json('GET', `/api/v1/orders${q}`, undefined, t.token);
        expect(res.status, q).toBe(200);
        return (await res.json()) as { data: Json[]; next_cursor: string | null };
      };
      expect((await list('')).data.map((o) => o.id)).toEqual([c.id, b.id, a.id]);
      expect((await list('?status=paid')).data.map((o) => o.id)).toEqual([c.id]);
      expect((await list(`?table_id=${t.menu.table.id}`)).data.map((o) => o.id)).toEqual([a.id]);
      expect(
        (await list(`?from=${encodeURIComponent(b.created_at)}`)).data.map((o) => o.id),
      ).toEqual([c.id, b.id]);
      expect((await list(`?to=${encodeURIComponent(b.created_at)}`)).data.map((o) => o.id)).toEqual(
        [a.id],
      );
      const first = await list('?limit=2');
      expect(first.data.map((o) => o.id)).toEqual([c.id, b.id]);
      const rest = await list(`?limit=2&cursor=${first.next_cursor}`);
      expect(rest.data.map((o) => o.id)).toEqual([a.id]);
      expect(rest.next_cursor).toBeNull();
      for (const bad of [
        '?status=eaten',
        '?limit=0',
        '?limit=501',
        '?from=yesterday',
        '?cursor=nope',
      ]) {
        expect(
          (await api().json('GET', `/api/v1/orders${bad}`, undefined, t.token)).status,
          bad,
        ).toBe(400);
      }
    });
  });

  describe('order lifecycle', () => {
    it('moves kitchen lines forward or one step back, and refuses illegal moves with 409', async () => {
      const t = await setup();
      const kitchen = await staff(api(), t.token, 'kitchen');
      const o = await order(t.token, {
        id: id(),
        type: 'dine_in',
        lines: [coffee(t.menu), { id: id(), product_id: t.menu.cake.id, quantity: 1 }],
      });
      const line = o.lines[0].id;
      const patch = (status: string) =>
        api().json('PATCH', `/api/v1/orders/${o.id}/lines/${line}`, { status }, kitchen.token);
      expect((await patch('preparing')).status).toBe(200);
      expect((await patch('ready')).status).toBe(200);
      expect((await patch('queued')).status).toBe(409); // two steps back
      expect((await patch('ready')).status).toBe(409); // no move
      expect((await patch('preparing')).status).toBe(200); // one step back undoes a bump
      expect((await patch('served')).status).toBe(200);
      const bogus = await api().json(
        'PATCH',
        `/api/v1/orders/${o.id}/lines/${line}`,
        { status: 'eaten' },
        kitchen.token,
      );
      expect(bogus.status).toBe(400);
      // The kitchen may not take payments or create orders.
      expect((await pay(kitchen.token, o.id, { id: id(), method: 'cash', amount: 1 })).status).toBe(
        403,
      );
      expect(
        (
          await api().json(
            'POST',
            '/api/v1/orders',
            { id: id(), type: 'dine_in', lines: [coffee(t.menu)] },
            kitchen.token,
          )
        ).status,
      ).toBe(403);
    });

    it('bumps a whole ticket, voids lines with a reason, discounts (manager) and voids unpaid orders', async () => {
      const t = await setup({ tax_inclusive: true });
      const cashier = await staff(api(), t.token, 'cashier');
      const o = await order(cashier.token, {
        id: id(),
        type: 'dine_in',
        lines: [coffee(t.menu), { id: id(), product_id: t.menu.cake.id, quantity: 1 }],
      });
      const bump = await api().json(
        'POST',
        `/api/v1/orders/${o.id}/bump`,
        { status: 'ready' },
        cashier.token,
      );
      expect(bump.status).toBe(200);
      expect((await bump.json()).lines.map((l: Json) => l.status)).toEqual(['ready', 'ready']);
      const v = await api().json(
        'POST',
        `/api/v1/orders/${o.id}/lines/${o.lines[1].id}/void`,
        { reason: 'dropped' },
        cashier.token,
      );
      expect(await v.json()).toMatchObject({ subtotal: 350, total: 350 });
      expect(
        (
          await api().json(
            'POST',
            `/api/v1/orders/${o.id}/discount`,
            { kind: 'percent', value: 10, reason: 'regular' },
            cashier.token,
          )
        ).status,
      ).toBe(403);
      const d = await api().json(
        'POST',
        `/api/v1/orders/${o.id}/discount`,
        { kind: 'percent', value: 10, reason: 'regular' },
        t.token,
      );
      // 10 % of 350 = 35; 315 × 19/119 = 50.29 → 50
      expect(await d.json()).toMatchObject({ discount_total: 35, total: 315, tax_total: 50 });
      // The outbox replays a discount approved offline with its Idempotency-Key until it gets an
      // answer: the replay changes nothing and is audited once; the key with another body is 409.
      const key = id();
      const keyed = () =>
        api().json(
          'POST',
          `/api/v1/orders/${o.id}/discount`,
          { kind: 'amount', value: 50, reason: 'offline approval' },
          t.token,
          { 'idempotency-key': key },
        );
      const first = await keyed();
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ discount_total: 50, total: 300 });
      const again = await keyed();
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await again.json()).toMatchObject({ discount_total: 50, total: 300 });
      const audited = await api().json(
        'GET',
        '/api/v1/audit?action=order.discounted&limit=50',
        undefined,
        t.token,
      );
      const entries = ((await audited.json()) as Json).data as Json[];
      expect(entries.filter((e) => e.detail?.reason === 'offline approval')).toHaveLength(1);
      const other = await api().json(
        'POST',
        `/api/v1/orders/${o.id}/discount`,
        { kind: 'amount', value: 60, reason: 'offline approval' },
        t.token,
        { 'idempotency-key': key },
      );
      expect(other.status).toBe(409);
      expect(
        (
          await api().json(
            'POST',
            `/api/v1/orders/${o.id}/void`,
            { reason: 'walked out' },
            cashier.token,
          )
        ).status,
      ).toBe(403);
      const voided = await api().json(
        'POST',
        `/api/v1/orders/${o.id}/void`,
        { reason: 'walked out' },
        t.token,
      );
      expect((await voided.json()).status).toBe('void');
      expect(
        (
          await api().json(
            'POST',
            `/api/v1/orders/${o.id}/lines`,
            { lines: [coffee(t.menu)] },
            t.token,
          )
        ).status,
      ).toBe(409);
      const audit = await (
        await api().json('GET', `/api/v1/orders/${o.id}`, undefined, t.token)
      ).json();
      expect(audit.status).toBe('void');
    });
  });

  describe('cash payments and receipts', () => {
    it('takes split cash payments with change and tips, then assigns receipt number 1', async () => {
      const t = await setup({ tax_inclusive: true });
      const o = await order(t.token, {
        id: id(),
        type: 'dine_in',
        lines: [coffee(t.menu, { size: 1 }), { id: id(), product_id: t.menu.cake.id, quantity: 1 }],
      });
      expect(o.total).toBe(850);
      const p1 = await pay(t.token, o.id, {
        id: id(),
        method: 'cash',
        amount: 500,
        tendered: 1000,
        tip: 50,
      });
      expect(p1.status).toBe(201);
      const b1 = await p1.json();
      expect(b1).toMatchObject({
        status: 'succeeded',
        amount: 500,
        tip: 50,
        tendered: 1000,
        change: 450,
      });
      expect(b1.order).toMatchObject({
        paid_total: 500,
        balance: 350,
        status: 'open',
        receipt_number: null,
      });
      const over = await pay(t.token, o.id, { id: id(), method: 'cash', amount: 351 });
      expect(over.status).toBe(422);
      const p2 = await (
        await pay(t.token, o.id, { id: id(), method: 'cash', amount: 350, tendered: 400 })
      ).json();
      expect(p2.order).toMatchObject({
        status: 'paid',
        balance: 0,
        paid_total: 850,
        receipt_number: 1,
      });
      expect((await pay(t.token, o.id, { id: id(), method: 'cash', amount: 1 })).status).toBe(409);
      const receipt = await (
        await api().fetch(`/api/v1/orders/${o.id}/receipt`, {
          headers: { authorization: `Bearer ${t.token}`, accept: 'application/json' },
        })
      ).json();
      expect(receipt).toMatchObject({
        kind: 'receipt',
        receipt_number: 1,
        total: 850,
        tips: 50,
        change: 500,
      });
      expect(receipt.tax_breakdown).toEqual([
        { rate_bp: 700, net: 393, tax: 27, gross: 420 },
        { rate_bp: 1900, net: 361, tax: 69, gross: 430 },
      ]);
      const html = await api().fetch(`/api/v1/orders/${o.id}/receipt`, {
        headers: { authorization: `Bearer ${t.token}` },
      });
      expect(html.headers.get('content-type')).toContain('text/html');
      const text = await html.text();
      expect(text).toContain('Receipt no. 1');
      expect(text).toContain('80mm');
      expect(text).toContain('Large');
      const closed = await api().json('POST', `/api/v1/orders/${o.id}/close`, undefined, t.token);
      expect((await closed.json()).status).toBe('closed');
    });

    it('rounds the cash due for tenants with cash rounding (CHF to 5)', async () => {
      const t = await setup({ currency: 'CHF' });
      await api().json('PATCH', '/api/v1/tenant', { cash_rounding: 5 }, t.token);
      const o = await order(t.token, {
        id: id(),
        type: 'dine_in',
        lines: [{ id: id(), product_id: t.menu.water.id, quantity: 1 }],
      });
      expect(o.total).toBe(237); // 199 + 19 % = 37.81 → 38
      const p = await (
        await pay(t.token, o.id, { id: id(), method: 'cash', amount: 237, tendered: 500 })
      ).json();
      expect(p).toMatchObject({ rounding: -2, change: 265 });
      expect(p.order).toMatchObject({ status: 'paid', balance: 0 });
    });

    it('shows an unpaid order as a pre-bill without a number', async () => {
      const t = await setup();
      const o = await order(t.token, { id: id(), type: 'dine_in', lines: [coffee(t.menu)] });
      const html = await (
        await api().fetch(`/api/v1/orders/${o.id}/receipt`, {
          headers: { authorization: `Bearer ${t.token}` },
        })
      ).text();
      expect(html).toContain('PRE-BILL');
      expect(html).not.toContain('Receipt no.');
    });

    it('gives 50 concurrently paid orders receipt numbers exactly 1..50', async () => {
      const t = await setup();
      const orders = await Promise.all(
        Array.from({ length: 50 }, () =>
          order(t.token, {
            id: id(),
            type: 'dine_in',
            lines: [{ id: id(), product_id: t.menu.cake.id, quantity: 1 }],
          }),
        ),
      );
      const paid = await Promise.all(
        orders.map((o) => pay(t.token, o.id, { id: id(), method: 'cash', amount: o.total })),
      );
      const bodies = await Promise.all(paid.map((r) => r.json()));
      expect(paid.every((r) => r.status === 201)).toBe(true);
      const numbers = bodies.map((b) => b.order.receipt_number).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('lets only one of two racing full payments through', async () => {
      const t = await setup();
      const o = await order(t.token, { id: id(), type: 'dine_in', lines: [coffee(t.menu)] });
      const [a, b] = await Promise.all([
        pay(t.token, o.id, { id: id(), method: 'cash', amount: o.total }),
        pay(t.token, o.id, { id: id(), method: 'cash', amount: o.total }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const final = await (
        await api().json('GET', `/api/v1/orders/${o.id}`, undefined, t.token)
      ).json();
      expect(final).toMatchObject({ paid_total: o.total, status: 'paid', receipt_number: 1 });
    });

    it('replays a payment by id, and refuses the same id with another body', async () => {
      const t = await setup();
      const o = await order(t.token, { id: id(), type: 'dine_in', lines: [coffee(t.menu)] });
      const body = { id: id(), method: 'cash', amount: 100 };
      expect((await pay(t.token, o.id, body)).status).toBe(201);
      expect((await pay(t.token, o.id, body)).status).toBe(200);
      expect((await pay(t.token, o.id, { ...body, amount: 101 })).status).toBe(409);
      const final = await (
        await api().json('GET', `/api/v1/orders/${o.id}`, undefined, t.token)
      ).json();
      expect(final.paid_total).toBe(100);
    });

    it('refunds cash (manager+) but never more than was paid on that payment', async () => {
      const t = await setup();
      const cashier = await staff(api(), t.token, 'cashier');
      const o = await order(t.token, { id: id(), type: 'dine_in', lines: [coffee(t.menu)] });
      const p = await (
        await pay(t.token, o.id, { id: id(), method: 'cash', amount: o.total })
      ).json();
      const refund = (amount: number, token = t.token) =>
        api().json(
          'POST',
          `/api/v1/orders/${o.id}/refunds`,
          { id: id(), payment_id: p.id, amount, reason: 'cold' },
          token,
        );
      expect((await refund(100, cashier.token)).status).toBe(403);
      const r1 = await refund(300);
      expect(r1.status).toBe(201);
      expect(await r1.json()).toMatchObject({
        amount: 300,
        method: 'cash',
        status: 'succeeded',
        order: { refunded_total: 300 },
      });
      expect((await refund(o.total - 300 + 1)).status).toBe(422);
      expect((await refund(o.total - 300)).status).toBe(201);
      expect((await refund(1)).status).toBe(422);
    });
  });

  describe('card payments through Stripe Checkout', () => {
    const webhook = async (
      event: Json,
      opts: { secret?: string; timestamp?: number; signature?: string } = {},
    ) => {
      const payload = JSON.stringify(event);
      const signature =
        opts.signature ??
        StripeEmulator.sign(payload, opts.secret ?? target().webhookSecret, opts.timestamp);
      return api().fetch('/api/v1/stripe/webhook', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body: payload,
      });
    };

    it('stays pending until a signed checkout.session.completed settles it, once', async () => {
      const t = await setup();
      const o = await order(t.token, { id: id(), type: 'dine_in', lines: [coffee(t.menu)] });
      const res = await pay(t.token, o.id, { id: id(), method: 'card', amount: o.total, tip: 100 });
      expect(res.status).toBe(201);
      const p = await res.json();
      expect(p).toMatchObject({
        status: 'pending',
        method: 'card',
        order: { pending_total: o.total, balance: o.total, status: 'open' },
      });
      expect(p.checkout_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pay\/cs_test_/);
      const sessionId = p.checkout_url.split('/').pop();
      expect(target().stripe.sessions.get(sessionId)?.amount_total).toBe(o.total + 100);
      // A cash payment cannot take the reserved amount.
      expect((await pay(t.token, o.id, { id: id(), method: 'cash', amount: 1 })).status).toBe(422);

      const bad = await webhook(target().stripe.complete(sessionId), { secret: 'whsec_wrong' });
      expect(bad.status).toBe(400);
      const stale = await webhook(target().stripe.complete(sessionId), {
        timestamp: Math.floor(Date.now() / 1000) - 301,
      });
      expect(stale.status).toBe(400);
      const garbage = await webhook(target().stripe.complete(sessionId), {
        signature: 't=1,v1=deadbeef',
      });
      expect(garbage.status).toBe(400);
      let current = await (
        await api().json('GET', `/api/v1/orders/${o.id}`, undefined, t.token)
      ).json();
      expect(current).toMatchObject({ status: 'open', paid_total: 0 });

      const event = target().stripe.complete(sessionId);
      expect((await webhook(event)).status).toBe(200);
      current = await (
        await api().json('GET', `/api/v1/orders/${o.id}`, undefined, t.token)
      ).json();
      expect(current).toMatchObject({
        status: 'paid',
        paid_total: o.total,
        pending_total: 0,
        receipt_number: 1,
      });
      // The same event again, and another event id for the same session, change nothing.
      expect((await webhook(event)).status).toBe(200);
      expect((await webhook(target().stripe.complete(sessionId))).status).toBe(200);
      current = await (
        await api().json('GET', `/api/v1/orders/${o.id}`, undefined, t.token)
      ).json();
      expect(current).toMatchObject({ paid_total: o.total, receipt_number: 1 });
      // Unknown sessions and other types are acknowledged and ignored.
      expect(
        (
          await webhook(
            target().stripe.event('checkout.session.completed', {
              object: 'checkout.session',
              id: 'cs_test_unknown',
            }),
          )
        ).status,
      ).toBe(200);
      expect(
        (
          await webhook(
            target().stripe.event('customer.created', { object: 'customer', id: 'cus_1' }),
          )
        ).status,
      ).toBe(200);

      // Card refund through Stripe, bounded by amount + tip.
      const refund = await api().json(
        'POST',
        `/api/v1/orders/${o.id}/refunds`,
        { id: id(), payment_id: p.id, amount: o.total + 100, reason: 'wrong order' },
        t.token,
      );
      expect(refund.status).toBe(201);
      const r = await refund.json();
      // Pending until Stripe's refund event says how it ended.
      expect(r).toMatchObject({ method: 'card', status: 'pending' });
      const stripeRefund = [...target().stripe.refunds.values()].find(
        (x) => x.metadata.refund_id === r.id,
      );
      expect(stripeRefund?.amount).toBe(o.total + 100);
      expect(
        (await webhook(target().stripe.settleRefund(stripeRefund!.id, 'succeeded'))).status,
      ).toBe(200);
      const receipt = await (
        await api().fetch(`/api/v1/orders/${o.id}/receipt`, {
          headers: { authorization: `Bearer ${t.token}`, accept: 'application/json' },
        })
      ).json();
      expect(receipt.refunds).toMatchObject([{ id: r.id, status: 'succeeded' }]);
    });

    it('fails the payment on checkout.session.expired and cancels a pending one on request', async () => {
      const t = await setup();
      const o = await order(t.token, { id: id(), type: 'dine_in', lines: [coffee(t.menu)] });
      const p1 = await (await pay(t.token, o.id, { id: id(), method: 'card', amount: 100 })).json();
      expect((await webhook(target().stripe.expire(p1.checkout_url.split('/').pop()))).status).toBe(
        200,
      );
      const p2 = await (await pay(t.token, o.id, { id: id(), method: 'card', amount: 100 })).json();
      const cancel = await api().json(
        'POST',
        `/api/v1/orders/${o.id}/payments/${p2.id}/cancel`,
        undefined,
        t.token,
      );
      expect(cancel.status).toBe(200);
      expect(await cancel.json()).toMatchObject({
        status: 'canceled',
        order: { pending_total: 0, paid_total: 0 },
      });
      expect(target().stripe.sessions.get(p2.checkout_url.split('/').pop())?.status).toBe(
        'expired',
      );
      expect(
        (
          await api().json(
            'POST',
            `/api/v1/orders/${o.id}/payments/${p2.id}/cancel`,
            undefined,
            t.token,
          )
        ).status,
      ).toBe(409);
    });

    it('retries a lost Stripe response with the same idempotency key: one session, never two', async () => {
      const t = await setup();
      const o = await order(t.token, { id: id(), type: 'dine_in', lines: [coffee(t.menu)] });
      const body = { id: id(), method: 'card', amount: o.total };
      const before = target().stripe.sessionsCreated;
      target().stripe.dropResponses = 2; // the SDK's own retry is cut too
      const first = await pay(t.token, o.id, body);
      expect(first.status).toBe(502);
      expect(first.headers.get('retry-after')).toBeTruthy();
      const second = await pay(t.token, o.id, body);
      expect(second.status).toBe(200);
      expect((await second.json()).checkout_url).toBeTruthy();
      expect(target().stripe.sessionsCreated - before).toBe(1);
    });
  });

  describe('guest QR orders', () => {
    it('orders from a table QR, tracks the order, and pays through Stripe Checkout', async () => {
      const t = await setup();
      const body = { id: id(), lines: [coffee(t.menu)], note: 'no sugar' };
      const res = await api().json(
        'POST',
        `/api/v1/public/tables/${t.menu.table.qr_token}/orders`,
        body,
      );
      expect(res.status).toBe(201);
      const { order: o, tracking_token } = await res.json();
      expect(tracking_token.length).toBeGreaterThanOrEqual(22);
      expect(o).not.toHaveProperty('created_by');
      expect(
        (await api().json('POST', `/api/v1/public/tables/${t.menu.table.qr_token}/orders`, body))
          .status,
      ).toBe(200);
      const staffView = await (
        await api().json('GET', `/api/v1/orders/${o.id}`, undefined, t.token)
      ).json();
      expect(staffView).toMatchObject({ source: 'qr', table_id: t.menu.table.id });
      const tracked = await (await api().fetch(`/api/v1/public/orders/${tracking_token}`)).json();
      expect(tracked).toMatchObject({ id: o.id, status: 'open', total: o.total });
      expect((await api().fetch('/api/v1/public/orders/not-a-token')).status).toBe(404);
      const checkout = await api().json('POST', `/api/v1/public/orders/${tracking_token}/checkout`);
      expect(checkout.status).toBe(200);
      const { checkout_url } = await checkout.json();
      const again = await (
        await api().json('POST', `/api/v1/public/orders/${tracking_token}/checkout`)
      ).json();
      expect(again.checkout_url).toBe(checkout_url);
    });

    it('throttles guest orders per table and refuses them when QR ordering is off', async () => {
      const t = await setup();
      const from = {
        'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      };
      let last = 0;
      for (let i = 0; i < 21; i++) {
        last = (
          await api().json(
            'POST',
            `/api/v1/public/tables/${t.menu.table.qr_token}/orders`,
            { id: id(), lines: [{ id: id(), product_id: t.menu.cake.id, quantity: 1 }] },
            undefined,
            from,
          )
        ).status;
      }
      expect(last).toBe(429);
      await api().json('PATCH', '/api/v1/tenant', { qr_ordering: false }, t.token);
      const off = await api().json(
        'POST',
        `/api/v1/public/tables/${t.menu.table.qr_token}/orders`,
        { id: id(), lines: [{ id: id(), product_id: t.menu.cake.id, quantity: 1 }] },
        undefined,
        { 'x-forwarded-for': '10.99.0.1' },
      );
      expect(off.status).toBe(403);
      expect(
        (
          await api().json('POST', `/api/v1/public/tables/${uniq('nope')}/orders`, {
            id: id(),
            lines: [],
          })
        ).status,
      ).toBeGreaterThanOrEqual(400);
    });
  });

  describe('tenant isolation', () => {
    it("answers 404 for another tenant's order, line and payment ids on every order route", async () => {
      const a = await setup();
      const b = await setup();
      const o = await order(b.token, { id: id(), type: 'dine_in', lines: [coffee(b.menu)] });
      const p = await (await pay(b.token, o.id, { id: id(), method: 'cash', amount: 100 })).json();
      const line = o.lines[0].id;
      const calls: [string, string, Json?][] = [
        ['GET', `/orders/${o.id}`],
        ['GET', `/orders/${o.id}/receipt`],
        ['POST', `/orders/${o.id}/lines`, { lines: [coffee(a.menu)] }],
        ['POST', `/orders/${o.id}/lines/${line}/void`, { reason: 'x' }],
        ['PATCH', `/orders/${o.id}/lines/${line}`, { status: 'ready' }],
        ['POST', `/orders/${o.id}/bump`, { status: 'ready' }],
        ['POST', `/orders/${o.id}/discount`, { kind: 'amount', value: 1, reason: 'x' }],
        ['POST', `/orders/${o.id}/void`, { reason: 'x' }],
        ['POST', `/orders/${o.id}/close`],
        ['POST', `/orders/${o.id}/payments`, { id: id(), method: 'cash', amount: 1 }],
        ['POST', `/orders/${o.id}/payments/${p.id}/cancel`],
        ['POST', `/orders/${o.id}/refunds`, { id: id(), payment_id: p.id, amount: 1, reason: 'x' }],
      ];
      for (const [method, path, body] of calls) {
        const res = await api().json(method, `/api/v1${path}`, body, a.token);
        expect(res.status, `${method} ${path}`).toBe(404);
      }
      // The same order id in tenant A is simply a new order there, not a clash.
      const mine = await api().json(
        'POST',
        '/api/v1/orders',
        { id: o.id, type: 'dine_in', lines: [coffee(a.menu)] },
        a.token,
      );
      expect(mine.status).toBe(201);
      // A's own order cannot be paid with B's payment id for a refund.
      const ownPaid = await order(a.token, { id: id(), type: 'dine_in', lines: [coffee(a.menu)] });
      await pay(a.token, ownPaid.id, { id: id(), method: 'cash', amount: ownPaid.total });
      const cross = await api().json(
        'POST',
        `/api/v1/orders/${ownPaid.id}/refunds`,
        { id: id(), payment_id: p.id, amount: 1, reason: 'x' },
        a.token,
      );
      expect(cross.status).toBe(422);
      const bOrder = await (
        await api().json('GET', `/api/v1/orders/${o.id}`, undefined, b.token)
      ).json();
      expect(bOrder).toMatchObject({ paid_total: 100, status: 'open', discount_total: 0 });
    });
  });
}
