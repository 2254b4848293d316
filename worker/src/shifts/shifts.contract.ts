import { describe, expect, it } from 'vitest';
import type { Sql } from '../db/client';
import { caller } from '../test/call';
import { type Api, newTenant, staff } from '../test/client';
import { buildMenu, type Menu } from '../test/menu';
import { postStripeWebhook, type StripeEmulator } from '../test/stripe-emulator';

export interface ShiftsTarget {
  api: Api;
  /** The Stripe emulator the app talks to; without it the card part of the day is paid in cash. */
  stripe?: StripeEmulator;
  webhookSecret?: string;
  /** The app's database, for tests that move timestamps (time-zone buckets). */
  sql: Sql;
}

const id = () => crypto.randomUUID();
// biome-ignore lint/suspicious/noExplicitAny: response bodies are free-form JSON in these tests
type Json = Record<string, any>;

/** A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

/** Cash shifts, Z reports, sales reports and the audit trail (docs/shifts-and-reports.md). */
export function shiftsContract(target: () => ShiftsTarget) {
  const api = () => target().api;
  const call = caller(api);
  const webhook = async (event: Json) => {
    const res = await postStripeWebhook(api(), target().webhookSecret!, event);
    expect(res.status).toBe(200);
  };
  const coffee = (m: Menu, size: number, extras: number[] = [], quantity = 1) => ({
    id: id(),
    product_id: m.coffee.id,
    quantity,
    modifier_ids: [m.size.modifiers[size]!.id, ...extras.map((i) => m.extras.modifiers[i]!.id)],
  });
  const line = (productId: string, quantity = 1) => ({ id: id(), product_id: productId, quantity });
  const sales = async (token: string, from: Date, to: Date, groupBy: string) =>
    (
      await call(
        'GET',
        `/reports/sales?from=${from.toISOString()}&to=${to.toISOString()}&group_by=${groupBy}`,
        token,
        undefined,
        200,
      )
    ).data as Json[];
  const totals = (rows: Json[]) =>
    rows.reduce(
      (s, r) => ({
        orders: s.orders + r.orders,
        quantity: s.quantity + r.quantity,
        net: s.net + r.net,
        tax: s.tax + r.tax,
        gross: s.gross + r.gross,
      }),
      { orders: 0, quantity: 0, net: 0, tax: 0, gross: 0 },
    );
  const row = (key: string, label: string, o: number, q: number, gross: number, tax: number) => ({
    key,
    label,
    orders: o,
    quantity: q,
    net: gross - tax,
    tax,
    gross,
  });

  describe('a scripted day, reconciled by hand', () => {
    it('matches the hand-computed Z report and sales reports to the cent', async () => {
      const card = !!target().stripe;
      const owner = await newTenant(api(), { tax_inclusive: true, timezone: 'Europe/Berlin' });
      await call('PATCH', '/tenant', owner.token, { cash_rounding: 5 }, 200);
      const m = await buildMenu(api(), owner.token);
      const drinks = await call(
        'POST',
        '/categories',
        owner.token,
        { name: 'Drinks, "hot" & cold' },
        201,
      );
      const cakes = await call('POST', '/categories', owner.token, { name: 'Cakes' }, 201);
      for (const [p, cat] of [
        [m.coffee.id, drinks.id],
        [m.water.id, drinks.id],
        [m.cake.id, cakes.id],
      ]) {
        await call('PATCH', `/products/${p}`, owner.token, { category_id: cat }, 200);
      }
      const cashier = await staff(api(), owner.token, 'cashier');
      const manager = await staff(api(), owner.token, 'manager');
      const from = new Date(Date.now() - 60_000);

      expect(
        (await api().json('GET', '/api/v1/shifts/current', undefined, cashier.token)).status,
      ).toBe(404);
      const shift = await call('POST', '/shifts', owner.token, { opening_float: 10000 }, 201);
      expect(shift).toMatchObject({
        status: 'open',
        opening_float: 10000,
        cash_movements: [],
        z_report: null,
      });

      // Order A (cashier): 2 × large cappuccino 430 (19 %), cheesecake 420 (7 %), a water voided.
      const a = await call(
        'POST',
        '/orders',
        cashier.token,
        {
          id: id(),
          type: 'dine_in',
          lines: [coffee(m, 1, [], 2), line(m.cake.id), line(m.water.id)],
        },
        201,
      );
      await call(
        'POST',
        `/orders/${a.id}/lines/${a.lines[2].id}/void`,
        cashier.token,
        { reason: 'wrong item' },
        200,
      );
      const aNow = await call('GET', `/orders/${a.id}`, cashier.token, undefined, 200);
      // 860 × 19/119 = 137.31 → 137; 420 × 7/107 = 27.48 → 27
      expect(aNow).toMatchObject({ total: 1280, tax_total: 164 });
      const payA = await call(
        'POST',
        `/orders/${a.id}/payments`,
        cashier.token,
        {
          id: id(),
          method: 'cash',
          amount: 1280,
          tip: 100,
          tendered: 2000,
        },
        201,
      );
      expect(payA).toMatchObject({ rounding: 0, change: 620 });

      // Order B (cashier), takeaway: cappuccino + extra shot 400 at 7 %, water 199 at 19 %.
      const b = await call(
        'POST',
        '/orders',
        cashier.token,
        {
          id: id(),
          type: 'takeaway',
          lines: [coffee(m, 0, [0]), line(m.water.id)],
        },
        201,
      );
      // 400 × 7/107 = 26.17 → 26; 199 × 19/119 = 31.77 → 32
      expect(b).toMatchObject({ total: 599, tax_total: 58 });
      if (card) {
        const p = await call(
          'POST',
          `/orders/${b.id}/payments`,
          cashier.token,
          {
            id: id(),
            method: 'card',
            amount: 500,
            tip: 50,
          },
          201,
        );
        await webhook(target().stripe!.complete(p.checkout_url.split('/').pop()));
      } else {
        await call(
          'POST',
          `/orders/${b.id}/payments`,
          cashier.token,
          {
            id: id(),
            method: 'cash',
            amount: 500,
            tip: 50,
          },
          201,
        );
      }
      // 99 due in cash rounds to 100 (step 5): rounding +1.
      const payB = await call(
        'POST',
        `/orders/${b.id}/payments`,
        cashier.token,
        {
          id: id(),
          method: 'cash',
          amount: 99,
          tendered: 100,
        },
        201,
      );
      expect(payB).toMatchObject({ rounding: 1, change: 0, order: { status: 'paid' } });

      // Order C (owner): cheesecake + water 619, discounted 5 % then 10 % (62), paid in cash by the
      // manager (557 → 555: rounding −2), then 100 refunded in cash.
      const c = await call(
        'POST',
        '/orders',
        owner.token,
        {
          id: id(),
          type: 'dine_in',
          lines: [line(m.cake.id), line(m.water.id)],
        },
        201,
      );
      await call(
        'POST',
        `/orders/${c.id}/discount`,
        manager.token,
        { kind: 'percent', value: 5, reason: 'first try' },
        200,
      );
      const cNow = await call(
        'POST',
        `/orders/${c.id}/discount`,
        manager.token,
        { kind: 'percent', value: 10, reason: 'regular' },
        200,
      );
      // Discount 62 split 42 / 20 (largest remainder); 378 × 7/107 = 24.73 → 25; 179 × 19/119 = 28.58 → 29
      expect(cNow).toMatchObject({ discount_total: 62, total: 557, tax_total: 54 });
      const payC = await call(
        'POST',
        `/orders/${c.id}/payments`,
        manager.token,
        {
          id: id(),
          method: 'cash',
          amount: 557,
        },
        201,
      );
      expect(payC).toMatchObject({ rounding: -2, tendered: 555 });
      await call(
        'POST',
        `/orders/${c.id}/refunds`,
        manager.token,
        {
          id: id(),
          payment_id: payC.id,
          amount: 100,
          reason: 'cold coffee',
        },
        201,
      );

      // Order D (cashier) is voided by the manager: 350.
      const d = await call(
        'POST',
        '/orders',
        cashier.token,
        { id: id(), type: 'dine_in', lines: [coffee(m, 0)] },
        201,
      );
      await call('POST', `/orders/${d.id}/void`, manager.token, { reason: 'walked out' }, 200);

      await call(
        'POST',
        `/shifts/${shift.id}/cash-movements`,
        cashier.token,
        { amount: -2000, reason: 'bank drop' },
        201,
      );
      const topUp = await call(
        'POST',
        `/shifts/${shift.id}/cash-movements`,
        manager.token,
        { amount: 500, reason: 'change' },
        201,
      );
      expect(topUp).toMatchObject({
        shift_id: shift.id,
        amount: 500,
        reason: 'change',
        created_by: manager.id,
      });

      // Hand-computed: 10000 + cash sales (1280 + 99 + 557 [+ 500 without card]) + rounding (0 + 1 − 2)
      // + cash tips (100 [+ 50]) − cash refunds 100 + movements (−2000 + 500).
      const expected = 10435 + (card ? 0 : 550);
      const current = await call('GET', '/shifts/current', cashier.token, undefined, 200);
      expect(current.id).toBe(shift.id);
      expect(current.x_report).toMatchObject({
        kind: 'x',
        expected_cash: expected,
        counted_cash: null,
        difference: null,
      });
      expect(current.cash_movements.map((x: Json) => x.amount)).toEqual([-2000, 500]);

      const to = new Date(Date.now() + 60_000);
      // The sales report: 3 paid orders, 7 items, gross 2436 − refund 100, tax 276 − round(54 × 100/557) = 10.
      for (const g of ['day', 'hour', 'category', 'product', 'method', 'staff']) {
        const rows = await sales(owner.token, from, to, g);
        const sum = totals(rows);
        expect({ g, net: sum.net, tax: sum.tax, gross: sum.gross }).toEqual({
          g,
          net: 2070,
          tax: 266,
          gross: 2336,
        });
        if (g === 'day' || g === 'hour' || g === 'staff')
          expect(sum).toMatchObject({ orders: 3, quantity: 7 });
      }
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
        new Date(),
      );
      const days = await sales(owner.token, from, to, 'day');
      if (days.length === 1) expect(days).toEqual([row(today, today, 3, 7, 2336, 266)]);
      expect(await sales(owner.token, from, to, 'product')).toEqual([
        row(m.coffee.id, 'Cappuccino', 2, 3, 1260, 163),
        row(m.cake.id, 'Cheesecake', 2, 2, 730, 47), // 420 + 378 − 68; 27 + 25 − 5
        row(m.water.id, 'Water', 2, 2, 346, 56), // 199 + 179 − 32; 32 + 29 − 5
      ]);
      expect(await sales(owner.token, from, to, 'category')).toEqual([
        row(drinks.id, 'Drinks, "hot" & cold', 3, 5, 1606, 219),
        row(cakes.id, 'Cakes', 2, 2, 730, 47),
      ]);
      // B's tax 58 split over its payments in order: card round(58 × 500/599) = 48, cash 10.
      expect(await sales(owner.token, from, to, 'method')).toEqual(
        card
          ? [row('cash', 'Cash', 3, 3, 1836, 218), row('card', 'Card', 1, 1, 500, 48)]
          : [row('cash', 'Cash', 3, 4, 2336, 266)],
      );
      expect(await sales(owner.token, from, to, 'staff')).toEqual([
        row(cashier.id, 'cashier', 2, 5, 1879, 222),
        row(owner.user.id, 'Owner', 1, 2, 457, 44),
      ]);

      // CSV: the same rows, RFC 4180, parsed back.
      for (const g of ['category', 'product', 'method']) {
        const res = await api().fetch(
          `/api/v1/reports/sales?from=${from.toISOString()}&to=${to.toISOString()}&group_by=${g}`,
          { headers: { authorization: `Bearer ${owner.token}`, accept: 'text/csv' } },
        );
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
        const text = await res.text();
        const [header, ...records] = parseCsv(text);
        expect(header).toEqual(['key', 'label', 'orders', 'quantity', 'net', 'tax', 'gross']);
        const json = await sales(owner.token, from, to, g);
        expect(
          records.map(([key, label, ...n]) => ({
            key,
            label,
            ...Object.fromEntries(
              ['orders', 'quantity', 'net', 'tax', 'gross'].map((k, i) => [k, Number(n[i])]),
            ),
          })),
        ).toEqual(json);
        if (g === 'category') expect(text).toContain('"Drinks, ""hot"" & cold"');
      }

      // Close: counted 10 short.
      const z = await call(
        'POST',
        `/shifts/${shift.id}/close`,
        manager.token,
        { counted_cash: expected - 10 },
        200,
      );
      expect(z).toMatchObject({
        shift_id: shift.id,
        kind: 'z',
        opening_float: 10000,
        expected_cash: expected,
        counted_cash: expected - 10,
        difference: -10,
        sales_by_method: card ? { cash: 1936, card: 500 } : { cash: 2436, card: 0 },
        tips_by_method: card ? { cash: 100, card: 50 } : { cash: 150, card: 0 },
        cash_rounding: -1,
        cash_movements: { count: 2, amount: -1500 },
        refunds: { count: 1, amount: 100, by_method: { cash: 100, card: 0 } },
        voids: { count: 2, amount: 549 },
        discounts: { count: 1, amount: 62 },
        closed_by: manager.id,
      });
      // 7 %: 420 + 400 + 378 − 68 refunded = 1130, tax 27 + 26 + 25 − 5 = 73
      // 19 %: 860 + 199 + 179 − 32 refunded = 1206, tax 137 + 32 + 29 − 5 = 193
      expect(z.tax_summary).toEqual([
        { rate_bp: 700, net: 1057, tax: 73, gross: 1130 },
        { rate_bp: 1900, net: 1013, tax: 193, gross: 1206 },
      ]);
      expect(z.voids.items.map((i: Json) => [i.kind, i.user_id, i.amount, i.reason])).toEqual([
        ['line.voided', cashier.id, 199, 'wrong item'],
        ['order.voided', manager.id, 350, 'walked out'],
      ]);
      expect(z.discounts.items.map((i: Json) => [i.user_id, i.order_id, i.amount])).toEqual([
        [manager.id, c.id, 62],
      ]);
      expect(z.by_staff).toEqual([
        {
          user_id: cashier.id,
          name: 'cashier',
          payments: { count: 3, amount: 1879 },
          tips: 150,
          refunds: { count: 0, amount: 0 },
        },
        {
          user_id: manager.id,
          name: 'manager',
          payments: { count: 1, amount: 557 },
          tips: 0,
          refunds: { count: 1, amount: 100 },
        },
      ]);

      // Closed: immutable, and the report is frozen.
      const closed = await call('GET', `/shifts/${shift.id}`, cashier.token, undefined, 200);
      expect(closed).toMatchObject({
        status: 'closed',
        counted_cash: expected - 10,
        expected_cash: expected,
        difference: -10,
      });
      expect(closed.z_report).toEqual(z);
      await call(
        'POST',
        `/shifts/${shift.id}/cash-movements`,
        manager.token,
        { amount: 100, reason: 'late' },
        409,
      );
      await call('POST', `/shifts/${shift.id}/close`, manager.token, { counted_cash: 0 }, 409);
      // A refund after the close (no shift open) changes no Z report.
      await call(
        'POST',
        `/orders/${a.id}/refunds`,
        manager.token,
        {
          id: id(),
          payment_id: payA.id,
          amount: 300,
          reason: 'after hours',
        },
        201,
      );
      const frozen = await api().json(
        'GET',
        `/api/v1/shifts/${shift.id}/z-report`,
        undefined,
        cashier.token,
        { accept: 'application/json' },
      );
      expect(frozen.status).toBe(200);
      expect(await frozen.json()).toEqual(z);
      expect(
        (await api().json('GET', '/api/v1/shifts/current', undefined, cashier.token)).status,
      ).toBe(404);

      const html = await api().fetch(`/api/v1/shifts/${shift.id}/z-report`, {
        headers: { authorization: `Bearer ${cashier.token}` },
      });
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await html.text();
      expect(page).toContain('Z REPORT');
      expect(page).toContain('size: 80mm');
      expect(page).toContain(`€${(expected / 100).toFixed(2)}`);
      expect(page).toContain('-€0.10');

      // The audit trail has the day: voids, discounts, refunds, shift events, logins.
      const audit = await call(
        'GET',
        `/audit?from=${from.toISOString()}&limit=500`,
        owner.token,
        undefined,
        200,
      );
      const actions = audit.data.map((e: Json) => e.action);
      for (const action of [
        'login',
        'line.voided',
        'order.voided',
        'order.discounted',
        'payment.refunded',
        'shift.opened',
        'shift.cash_moved',
        'shift.closed',
        'user.created',
      ]) {
        expect(actions, action).toContain(action);
      }
    });
  });

  describe('shift rules', () => {
    it('allows one open shift per tenant, lists newest first and answers 404 across tenants', async () => {
      const t = await newTenant(api());
      const other = await newTenant(api());
      const first = await call('POST', '/shifts', t.token, { opening_float: 0 }, 201);
      const again = await call('POST', '/shifts', t.token, { opening_float: 500 }, 409);
      expect(again.type).toMatch(/shift-already-open$/);
      // Another tenant may open its own, and sees none of ours.
      const theirs = await call('POST', '/shifts', other.token, { opening_float: 100 }, 201);
      for (const [method, path, body] of [
        ['GET', `/shifts/${first.id}`, undefined],
        ['GET', `/shifts/${first.id}/z-report`, undefined],
        ['POST', `/shifts/${first.id}/cash-movements`, { amount: 100, reason: 'x' }],
        ['POST', `/shifts/${first.id}/close`, { counted_cash: 0 }],
        ['GET', '/shifts/not-a-uuid', undefined],
      ] as const) {
        const res = await api().json(method, `/api/v1${path}`, body, other.token);
        expect(res.status, `${method} ${path}`).toBe(404);
      }
      expect((await call('GET', '/shifts/current', other.token, undefined, 200)).id).toBe(
        theirs.id,
      );
      await call('POST', `/shifts/${first.id}/close`, t.token, { counted_cash: 0 }, 200);
      const second = await call('POST', '/shifts', t.token, { opening_float: 700 }, 201);
      await call('POST', `/shifts/${second.id}/close`, t.token, { counted_cash: 650 }, 200);
      const third = await call('POST', '/shifts', t.token, { opening_float: 800 }, 201);
      const page1 = await call('GET', '/shifts?limit=2', t.token, undefined, 200);
      expect(page1.data.map((s: Json) => s.id)).toEqual([third.id, second.id]);
      expect(page1.data[1]).toMatchObject({
        status: 'closed',
        expected_cash: 700,
        difference: -50,
      });
      const page2 = await call(
        'GET',
        `/shifts?limit=2&cursor=${page1.next_cursor}`,
        t.token,
        undefined,
        200,
      );
      expect(page2).toEqual({
        data: [expect.objectContaining({ id: first.id })],
        next_cursor: null,
      });
      await call('GET', '/shifts?cursor=nope', t.token, undefined, 400);
      await call('GET', '/shifts?limit=501', t.token, undefined, 400);
      const theirList = await call('GET', '/shifts', other.token, undefined, 200);
      expect(theirList.data.map((s: Json) => s.id)).toEqual([theirs.id]);
      // Open and close reach the tenant's screens as events (shift.* goes to cashiers and up).
      const events = await target().sql<{ type: string; status: string }[]>`
        select type, data->'shift'->>'status' as status from events
        where tenant_id = ${t.tenant.id} and type like 'shift.%' order by seq`;
      expect(events.map((e) => `${e.type}:${e.status}`)).toEqual([
        'shift.updated:open',
        'shift.updated:closed',
        'shift.updated:open',
        'shift.updated:closed',
        'shift.updated:open',
      ]);
    });

    it('validates money and movements', async () => {
      const t = await newTenant(api());
      for (const body of [
        {},
        { opening_float: -1 },
        { opening_float: 1.5 },
        { opening_float: '5' },
        { opening_float: 100_000_001 },
        { opening_float: 0, extra: 1 },
      ]) {
        await call('POST', '/shifts', t.token, body, 400);
      }
      const s = await call('POST', '/shifts', t.token, { opening_float: 1000 }, 201);
      for (const body of [
        { amount: 0, reason: 'x' },
        { amount: 100 },
        { amount: 100, reason: '  ' },
        { amount: 1.5, reason: 'x' },
        { amount: -100_000_001, reason: 'x' },
      ]) {
        await call('POST', `/shifts/${s.id}/cash-movements`, t.token, body, 400);
      }
      await call('POST', `/shifts/${s.id}/close`, t.token, { counted_cash: -5 }, 400);
      await call('POST', `/shifts/${s.id}/close`, t.token, { counted_cash: 1000 }, 200);
    });

    it('lets owners, managers and cashiers work shifts; reports and audit are manager+', async () => {
      const t = await newTenant(api());
      const waiter = await staff(api(), t.token, 'waiter');
      const kitchen = await staff(api(), t.token, 'kitchen');
      const cashier = await staff(api(), t.token, 'cashier');
      const manager = await staff(api(), t.token, 'manager');
      const range = `from=${new Date(Date.now() - 3600_000).toISOString()}&to=${new Date().toISOString()}`;
      for (const who of [waiter, kitchen]) {
        await call('POST', '/shifts', who.token, { opening_float: 0 }, 403);
        await call('GET', '/shifts', who.token, undefined, 403);
        await call('GET', '/shifts/current', who.token, undefined, 403);
      }
      for (const who of [waiter, kitchen, cashier]) {
        await call('GET', `/reports/sales?${range}&group_by=day`, who.token, undefined, 403);
        await call('GET', '/audit', who.token, undefined, 403);
      }
      const s = await call('POST', '/shifts', cashier.token, { opening_float: 0 }, 201);
      await call(
        'POST',
        `/shifts/${s.id}/cash-movements`,
        cashier.token,
        { amount: 50, reason: 'float' },
        201,
      );
      await call('GET', `/reports/sales?${range}&group_by=day`, manager.token, undefined, 200);
      await call('GET', '/audit', manager.token, undefined, 200);
      await call('POST', `/shifts/${s.id}/close`, cashier.token, { counted_cash: 50 }, 200);
      expect((await api().json('GET', '/api/v1/shifts')).status).toBe(401);
      expect((await api().json('GET', `/api/v1/reports/sales?${range}&group_by=day`)).status).toBe(
        401,
      );
    });

    it('replays shift POSTs sent with the same Idempotency-Key and refuses a different body', async () => {
      const t = await newTenant(api());
      const post = (path: string, body: unknown, key: string) =>
        api().json('POST', `/api/v1${path}`, body, t.token, { 'idempotency-key': key });
      const key = `open-${id()}`;
      const r1 = await post('/shifts', { opening_float: 2500 }, key);
      expect(r1.status).toBe(201);
      const s = await r1.json();
      const r2 = await post('/shifts', { opening_float: 2500 }, key);
      expect(r2.status).toBe(201);
      expect(r2.headers.get('idempotent-replayed')).toBe('true');
      expect(await r2.json()).toEqual(s);
      expect((await post('/shifts', { opening_float: 2600 }, key)).status).toBe(409);
      // Keys are per tenant: another tenant may use the same one.
      const other = await newTenant(api());
      const r3 = await api().json('POST', '/api/v1/shifts', { opening_float: 1 }, other.token, {
        'idempotency-key': key,
      });
      expect(r3.status).toBe(201);

      const mkey = `move-${id()}`;
      const m1 = await post(
        `/shifts/${s.id}/cash-movements`,
        { amount: -300, reason: 'bank' },
        mkey,
      );
      const m2 = await post(
        `/shifts/${s.id}/cash-movements`,
        { amount: -300, reason: 'bank' },
        mkey,
      );
      expect([m1.status, m2.status]).toEqual([201, 201]);
      expect((await m2.json()).id).toBe((await m1.json()).id);
      // A failed request leaves the key free: a bad body, then the good one under the same key.
      const bkey = `move-${id()}`;
      expect(
        (await post(`/shifts/${s.id}/cash-movements`, { amount: 0, reason: 'x' }, bkey)).status,
      ).toBe(400);
      const ckey = `close-${id()}`;
      const c1 = await post(`/shifts/${s.id}/close`, { counted_cash: 2200 }, ckey);
      const c2 = await post(`/shifts/${s.id}/close`, { counted_cash: 2200 }, ckey);
      expect([c1.status, c2.status]).toEqual([200, 200]);
      const z = await c1.json();
      expect(z).toMatchObject({
        expected_cash: 2200,
        difference: 0,
        cash_movements: { count: 1, amount: -300 },
      });
      expect(await c2.json()).toEqual(z);
      expect(
        (await post(`/shifts/${s.id}/close`, { counted_cash: 2200 }, `close-${id()}`)).status,
      ).toBe(409);
      expect((await post('/shifts', { opening_float: 1 }, 'bad key with spaces')).status).toBe(400);
    });

    it('runs concurrent requests with one Idempotency-Key once', async () => {
      const t = await newTenant(api());
      const key = `race-${id()}`;
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          api().json('POST', '/api/v1/shifts', { opening_float: 900 }, t.token, {
            'idempotency-key': key,
          }),
        ),
      );
      const statuses = results.map((r) => r.status);
      // Each answer is the first one, its replay, or "still in progress" (409): never a second shift.
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      expect(statuses).toContain(201);
      const bodies = await Promise.all(results.map((r) => r.json()));
      for (const [i, b] of bodies.entries()) {
        if (statuses[i] === 409)
          expect(b.type).toMatch(/idempotency-in-progress$|shift-already-open$/);
      }
      const list = await call('GET', '/shifts', t.token, undefined, 200);
      expect(list.data).toHaveLength(1);
    });

    it('counts every payment that recorded the shift when close races with payments', async () => {
      const t = await newTenant(api());
      const m = await buildMenu(api(), t.token);
      const s = await call('POST', '/shifts', t.token, { opening_float: 0 }, 201);
      const orders: Json[] = [];
      for (let i = 0; i < 8; i++) {
        orders.push(
          await call(
            'POST',
            '/orders',
            t.token,
            { id: id(), type: 'dine_in', lines: [line(m.cake.id)] },
            201,
          ),
        );
      }
      const pays = orders.map((o) =>
        api().json(
          'POST',
          `/api/v1/orders/${o.id}/payments`,
          { id: id(), method: 'cash', amount: o.total },
          t.token,
        ),
      );
      const close = api().json(
        'POST',
        `/api/v1/shifts/${s.id}/close`,
        { counted_cash: 0 },
        t.token,
      );
      const results = await Promise.all([...pays, close]);
      expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
      const z = await results[results.length - 1]!.json();
      const [row] = await target().sql<{ n: number; amount: number }[]>`
        select count(*)::int as n, coalesce(sum(amount), 0)::int8 as amount from payments
        where shift_id = ${s.id}`;
      // Exactly the payments that recorded the shift are in its report; the rest belong to none.
      expect(z.sales_by_method.cash).toBe(row!.amount);
      expect(z.by_staff.reduce((n: number, b: Json) => n + b.payments.count, 0)).toBe(row!.n);
    });

    it('moves a card payment that settles after its shift closed to the shift open then', async () => {
      if (!target().stripe) return;
      const t = await newTenant(api());
      const m = await buildMenu(api(), t.token);
      const s1 = await call('POST', '/shifts', t.token, { opening_float: 0 }, 201);
      const o = await call(
        'POST',
        '/orders',
        t.token,
        { id: id(), type: 'dine_in', lines: [line(m.cake.id)] },
        201,
      );
      const p = await call(
        'POST',
        `/orders/${o.id}/payments`,
        t.token,
        { id: id(), method: 'card', amount: o.total },
        201,
      );
      const z1 = await call('POST', `/shifts/${s1.id}/close`, t.token, { counted_cash: 0 }, 200);
      expect(z1.sales_by_method.card).toBe(0);
      const s2 = await call('POST', '/shifts', t.token, { opening_float: 0 }, 201);
      await webhook(target().stripe!.complete(p.checkout_url.split('/').pop()));
      const z2 = await call('POST', `/shifts/${s2.id}/close`, t.token, { counted_cash: 0 }, 200);
      expect(z2.sales_by_method).toEqual({ cash: 0, card: o.total, terminal: 0 });
      expect((await call('GET', `/shifts/${s1.id}`, t.token, undefined, 200)).z_report).toEqual(z1);
    });

    it('records payments and refunds with the shift open when taken, and none without one', async () => {
      const t = await newTenant(api());
      const m = await buildMenu(api(), t.token);
      const o1 = await call(
        'POST',
        '/orders',
        t.token,
        { id: id(), type: 'dine_in', lines: [line(m.cake.id)] },
        201,
      );
      await call(
        'POST',
        `/orders/${o1.id}/payments`,
        t.token,
        { id: id(), method: 'cash', amount: o1.total },
        201,
      );
      const s = await call('POST', '/shifts', t.token, { opening_float: 0 }, 201);
      const o2 = await call(
        'POST',
        '/orders',
        t.token,
        { id: id(), type: 'dine_in', lines: [line(m.water.id)] },
        201,
      );
      await call(
        'POST',
        `/orders/${o2.id}/payments`,
        t.token,
        { id: id(), method: 'cash', amount: o2.total },
        201,
      );
      const [row] = await target().sql<{ shift_id: string | null; n: number }[]>`
        select (select shift_id from payments where order_id = ${o1.id}) as shift_id,
               (select count(*)::int from payments where shift_id = ${s.id}) as n`;
      expect(row).toEqual({ shift_id: null, n: 1 });
      const z = await call(
        'POST',
        `/shifts/${s.id}/close`,
        t.token,
        { counted_cash: o2.total },
        200,
      );
      // o1 was paid before the shift opened: neither its cash nor its tax is in this shift.
      expect(z).toMatchObject({ sales_by_method: { cash: o2.total, card: 0 }, difference: 0 });
      expect(z.tax_summary).toEqual([{ rate_bp: 1900, gross: 237, tax: 38, net: 199 }]);
    });
  });

  describe('sales reports', () => {
    it('buckets days and hours in the tenant’s time zone, across a DST change', async () => {
      const t = await newTenant(api(), { timezone: 'Europe/Berlin' });
      const m = await buildMenu(api(), t.token);
      const paidAt = [
        '2026-10-24T21:59:00Z', // 23:59 CEST on 24 Oct
        '2026-10-24T22:00:00Z', // 00:00 CEST on 25 Oct
        '2026-10-25T00:30:00Z', // 02:30 CEST (first 02:xx)
        '2026-10-25T01:30:00Z', // 02:30 CET (second 02:xx, after the clocks went back)
      ];
      for (const at of paidAt) {
        const o = await call(
          'POST',
          '/orders',
          t.token,
          { id: id(), type: 'dine_in', lines: [line(m.water.id)] },
          201,
        );
        await call(
          'POST',
          `/orders/${o.id}/payments`,
          t.token,
          { id: id(), method: 'cash', amount: o.total },
          201,
        );
        await target().sql`update orders set paid_at = ${new Date(at)} where id = ${o.id}`;
      }
      const from = new Date('2026-10-24T00:00:00Z');
      const to = new Date('2026-10-26T00:00:00Z');
      // water 199 exclusive: tax 199 × 19 % = 37.81 → 38, gross 237
      expect(await sales(t.token, from, to, 'day')).toEqual([
        row('2026-10-24', '2026-10-24', 1, 1, 237, 38),
        row('2026-10-25', '2026-10-25', 3, 3, 711, 114),
      ]);
      expect(await sales(t.token, from, to, 'hour')).toEqual([
        row('2026-10-24T21:00:00Z', '2026-10-24 23:00', 1, 1, 237, 38),
        row('2026-10-24T22:00:00Z', '2026-10-25 00:00', 1, 1, 237, 38),
        row('2026-10-25T00:00:00Z', '2026-10-25 02:00', 1, 1, 237, 38),
        row('2026-10-25T01:00:00Z', '2026-10-25 02:00', 1, 1, 237, 38),
      ]);
      // Half-open: `to` excludes a sale at exactly that instant.
      expect(
        totals(await sales(t.token, from, new Date('2026-10-24T22:00:00Z'), 'day')).orders,
      ).toBe(1);
    });

    it('refuses bad ranges and groupings with 400', async () => {
      const t = await newTenant(api());
      for (const q of [
        'from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z&group_by=day',
        'from=2026-01-01&to=2026-01-02T00:00:00Z&group_by=day',
        'from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&group_by=week',
        'to=2026-01-02T00:00:00Z&group_by=day',
        'from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z',
      ]) {
        await call('GET', `/reports/sales?${q}`, t.token, undefined, 400);
      }
      expect(
        await call(
          'GET',
          '/reports/sales?from=2026-01-01T00:00:00%2B01:00&to=2026-01-02T00:00:00Z&group_by=staff',
          t.token,
          undefined,
          200,
        ),
      ).toEqual({ data: [] });
    });
  });

  describe('audit trail', () => {
    it('lists price and role changes and logins, filtered and paginated, per tenant', async () => {
      const t = await newTenant(api());
      const other = await newTenant(api());
      const m = await buildMenu(api(), t.token);
      const w = await staff(api(), t.token, 'waiter');
      await call('PATCH', `/products/${m.cake.id}`, t.token, { price: 450 }, 200);
      await call('PATCH', `/users/${w.id}`, t.token, { role: 'cashier' }, 200);
      const all = await call('GET', '/audit?limit=500', t.token, undefined, 200);
      const actions = all.data.map((e: Json) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'product.price_changed',
          'user.role_changed',
          'login',
          'user.created',
        ]),
      );
      const price = all.data.find((e: Json) => e.action === 'product.price_changed');
      expect(price).toMatchObject({
        actor_id: t.user.id,
        object_type: 'product',
        object_id: m.cake.id,
      });
      expect(Object.keys(price).sort()).toEqual([
        'action',
        'actor_id',
        'at',
        'detail',
        'id',
        'object_id',
        'object_type',
      ]);
      // Newest first.
      const ats = all.data.map((e: Json) => Date.parse(e.at));
      expect([...ats].sort((x, y) => y - x)).toEqual(ats);

      const roles = await call('GET', '/audit?action=user.role_changed', t.token, undefined, 200);
      expect(roles.data).toHaveLength(1);
      expect(roles.data[0]).toMatchObject({ object_id: w.id });
      const logins = await call(
        'GET',
        `/audit?action=login*&actor=${w.id}`,
        t.token,
        undefined,
        200,
      );
      expect(logins.data.length).toBeGreaterThan(0);
      expect(
        logins.data.every((e: Json) => e.actor_id === w.id && e.action.startsWith('login')),
      ).toBe(true);
      // Every entry, page by page, exactly once.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const p: Json = await call(
          'GET',
          `/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          t.token,
          undefined,
          200,
        );
        seen.push(...p.data.map((e: Json) => e.id));
        cursor = p.next_cursor;
      } while (cursor);
      expect(seen).toEqual(all.data.map((e: Json) => e.id));
      const future = await call(
        'GET',
        `/audit?from=${new Date(Date.now() + 3600_000).toISOString()}`,
        t.token,
        undefined,
        200,
      );
      expect(future.data).toEqual([]);
      const theirs = await call('GET', '/audit?limit=500', other.token, undefined, 200);
      expect(theirs.data.some((e: Json) => all.data.some((x: Json) => x.id === e.id))).toBe(false);
      for (const q of [
        'actor=nope',
        'action=DROP TABLE',
        'from=yesterday',
        'limit=0',
        'cursor=%%%',
      ]) {
        await call('GET', `/audit?${q}`, t.token, undefined, 400);
      }
    });
  });
}
