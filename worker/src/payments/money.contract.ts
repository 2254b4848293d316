import { describe, expect, it } from 'vitest';
import type { Sql } from '../db/client';
import { caller } from '../test/call';
import { type Api, newTenant } from '../test/client';
import { buildMenu, type Menu } from '../test/menu';
import { postStripeWebhook, type StripeEmulator } from '../test/stripe-emulator';

export interface MoneyTarget {
  api: Api;
  stripe: StripeEmulator;
  webhookSecret: string;
  sql: Sql;
}

const id = () => crypto.randomUUID();
// biome-ignore lint/suspicious/noExplicitAny: response bodies are free-form JSON in these tests
type Json = Record<string, any>;

/**
 * Money rules: the `terminal` tender, receipt numbering, Stripe settlement and refunds, concurrent
 * replays, shifts and the reconciliation of X/Z reports. Run on Node and on workerd.
 */
export function moneyContract(target: () => MoneyTarget) {
  const api = () => target().api;
  const call = caller(api);
  const setup = async (extra: Record<string, unknown> = {}) => {
    const t = await newTenant(api(), extra);
    const menu = await buildMenu(api(), t.token);
    return { ...t, menu };
  };
  const line = (productId: string, quantity = 1) => ({ id: id(), product_id: productId, quantity });
  const newOrder = (token: string, lines: Json[]) =>
    call('POST', '/orders', token, { id: id(), type: 'dine_in', lines }, 201);
  const cake = (m: Menu) => line(m.cake.id);
  /** Stripe's signed event to our webhook, which must take it (200). */
  const webhook = async (event: Json) => {
    const res = await postStripeWebhook(api(), target().webhookSecret, event);
    expect(res.status).toBe(200);
  };

  describe('the terminal tender (card on the café’s own terminal)', () => {
    it('records a terminal payment as succeeded at once, with no Stripe call and no change', async () => {
      const t = await setup();
      const s = await call('POST', '/shifts', t.token, { opening_float: 1000 }, 201);
      const o = await newOrder(t.token, [cake(t.menu), line(t.menu.water.id)]);
      const before = target().stripe.requests.length;
      const body = {
        id: id(),
        method: 'terminal',
        amount: 300,
        tip: 40,
        reference: 'slip 0042',
      };
      const p = await call('POST', `/orders/${o.id}/payments`, t.token, body, 201);
      expect(p).toMatchObject({
        method: 'terminal',
        status: 'succeeded',
        amount: 300,
        tip: 40,
        tendered: null,
        change: null,
        rounding: 0,
        checkout_url: null,
        reference: 'slip 0042',
        shift_id: s.id,
        order: { paid_total: 300, balance: o.total - 300, status: 'open' },
      });
      // A replay answers 200 with the same payment; a changed body is 409.
      expect(await call('POST', `/orders/${o.id}/payments`, t.token, body, 200)).toMatchObject({
        id: body.id,
        status: 'succeeded',
      });
      await call('POST', `/orders/${o.id}/payments`, t.token, { ...body, amount: 301 }, 409);
      // Tendered cash makes no sense on a terminal payment.
      await call(
        'POST',
        `/orders/${o.id}/payments`,
        t.token,
        { id: id(), method: 'terminal', amount: 1, tendered: 5 },
        400,
      );
      const rest = await call(
        'POST',
        `/orders/${o.id}/payments`,
        t.token,
        { id: id(), method: 'terminal', amount: o.total - 300 },
        201,
      );
      expect(rest.order).toMatchObject({ status: 'paid', balance: 0, receipt_number: 1 });
      expect(target().stripe.requests.length).toBe(before);

      // A terminal refund is recorded, settled at once, without Stripe.
      const r = await call(
        'POST',
        `/orders/${o.id}/refunds`,
        t.token,
        { id: id(), payment_id: p.id, amount: 100, reason: 'spilt' },
        201,
      );
      expect(r).toMatchObject({ method: 'terminal', status: 'succeeded', amount: 100 });
      expect(target().stripe.requests.length).toBe(before);

      const receipt = await api().fetch(`/api/v1/orders/${o.id}/receipt`, {
        headers: { authorization: `Bearer ${t.token}` },
      });
      expect(await receipt.text()).toContain('Card (slip 0042)');

      // X report, then Z report: under their own key, and not in the cash drawer.
      const x = (await call('GET', '/shifts/current', t.token, undefined, 200)).x_report;
      expect(x).toMatchObject({
        sales_by_method: { cash: 0, card: 0, terminal: o.total },
        tips_by_method: { cash: 0, card: 0, terminal: 40 },
        refunds: { count: 1, amount: 100, by_method: { cash: 0, card: 0, terminal: 100 } },
        expected_cash: 1000,
      });
      const z = await call('POST', `/shifts/${s.id}/close`, t.token, { counted_cash: 1000 }, 200);
      expect(z).toMatchObject({
        sales_by_method: { cash: 0, card: 0, terminal: o.total },
        tips_by_method: { terminal: 40 },
        difference: 0,
      });
      const html = await api().fetch(`/api/v1/shifts/${s.id}/z-report`, {
        headers: { authorization: `Bearer ${t.token}` },
      });
      expect(await html.text()).toContain('Card terminal');

      const from = new Date(Date.now() - 3_600_000).toISOString();
      const to = new Date(Date.now() + 3_600_000).toISOString();
      const rows = (
        await call(
          'GET',
          `/reports/sales?from=${from}&to=${to}&group_by=method`,
          t.token,
          undefined,
          200,
        )
      ).data as Json[];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        key: 'terminal',
        label: 'Card terminal',
        orders: 1,
        quantity: 2,
        gross: o.total - 100,
      });
    });

    it('answers shift_id null for a payment taken with no shift open', async () => {
      const t = await setup();
      const o = await newOrder(t.token, [cake(t.menu)]);
      const p = await call(
        'POST',
        `/orders/${o.id}/payments`,
        t.token,
        { id: id(), method: 'cash', amount: o.total },
        201,
      );
      expect(p).toMatchObject({ status: 'succeeded', shift_id: null });
      const s = await call('POST', '/shifts', t.token, { opening_float: 0 }, 201);
      const o2 = await newOrder(t.token, [cake(t.menu)]);
      const p2 = await call(
        'POST',
        `/orders/${o2.id}/payments`,
        t.token,
        { id: id(), method: 'cash', amount: o2.total },
        201,
      );
      expect(p2.shift_id).toBe(s.id);
    });
  });

  describe('receipt numbers', () => {
    it('takes a receipt number only when an order becomes paid: pay, refund, pay → 1, 2', async () => {
      const t = await setup();
      const pay = async (o: Json) =>
        call(
          'POST',
          `/orders/${o.id}/payments`,
          t.token,
          { id: id(), method: 'cash', amount: o.total },
          201,
        );
      const o1 = await newOrder(t.token, [cake(t.menu)]);
      const p1 = await pay(o1);
      expect(p1.order.receipt_number).toBe(1);
      for (const amount of [100, 50]) {
        await call(
          'POST',
          `/orders/${o1.id}/refunds`,
          t.token,
          { id: id(), payment_id: p1.id, amount, reason: 'cold' },
          201,
        );
      }
      // A void of another order and a failed attempt take none either.
      const v = await newOrder(t.token, [cake(t.menu)]);
      await call('POST', `/orders/${v.id}/void`, t.token, { reason: 'left' }, 200);
      await call(
        'POST',
        `/orders/${o1.id}/payments`,
        t.token,
        { id: id(), method: 'cash', amount: 1 },
        409,
      );
      const o2 = await newOrder(t.token, [cake(t.menu)]);
      expect((await pay(o2)).order.receipt_number).toBe(2);
    });
  });

  describe('Stripe settlement', () => {
    const cardPay = async (token: string, o: Json, amount = o.total) => {
      const p = await call(
        'POST',
        `/orders/${o.id}/payments`,
        token,
        { id: id(), method: 'card', amount },
        201,
      );
      return { ...p, session: p.checkout_url.split('/').pop() as string } as Json;
    };
    const getOrder = (token: string, o: Json) =>
      call('GET', `/orders/${o.id}`, token, undefined, 200);
    const paymentStatus = async (p: Json) => {
      const [row] = await target().sql<{ status: string }[]>`
        select status from payments where id = ${p.id}`;
      return row?.status;
    };

    it('keeps a delayed (unpaid) checkout pending until async_payment_succeeded settles it', async () => {
      const t = await setup();
      const o = await newOrder(t.token, [cake(t.menu)]);
      const p = await cardPay(t.token, o);
      await webhook(target().stripe.complete(p.session, 'unpaid'));
      expect(await getOrder(t.token, o)).toMatchObject({
        status: 'open',
        paid_total: 0,
        pending_total: o.total,
        receipt_number: null,
      });
      expect(await paymentStatus(p)).toBe('pending');
      await webhook(target().stripe.asyncResult(p.session, true));
      expect(await getOrder(t.token, o)).toMatchObject({
        status: 'paid',
        paid_total: o.total,
        receipt_number: 1,
      });
      // Late or contradictory events never overwrite the final state.
      await webhook(target().stripe.asyncResult(p.session, false));
      await webhook(target().stripe.expire(p.session));
      expect(await paymentStatus(p)).toBe('succeeded');
      expect(await getOrder(t.token, o)).toMatchObject({ status: 'paid', paid_total: o.total });
    });

    it('fails a delayed checkout on async_payment_failed, and a late completion cannot revive it', async () => {
      const t = await setup();
      const o = await newOrder(t.token, [cake(t.menu)]);
      const p = await cardPay(t.token, o);
      await webhook(target().stripe.complete(p.session, 'unpaid'));
      await webhook(target().stripe.asyncResult(p.session, false));
      expect(await paymentStatus(p)).toBe('failed');
      expect(await getOrder(t.token, o)).toMatchObject({
        status: 'open',
        paid_total: 0,
        pending_total: 0,
      });
      await webhook(target().stripe.complete(p.session, 'paid'));
      await webhook(target().stripe.asyncResult(p.session, true));
      expect(await paymentStatus(p)).toBe('failed');
      expect(await getOrder(t.token, o)).toMatchObject({ status: 'open', paid_total: 0 });
      // A session that needed no payment settles on completion.
      const p2 = await cardPay(t.token, o);
      await webhook(target().stripe.complete(p2.session, 'no_payment_required'));
      expect(await getOrder(t.token, o)).toMatchObject({ status: 'paid', receipt_number: 1 });
    });

    it('keeps a card refund pending until refund.updated, and gives a failed one back', async () => {
      const t = await setup();
      const s = await call('POST', '/shifts', t.token, { opening_float: 0 }, 201);
      const o = await newOrder(t.token, [cake(t.menu), line(t.menu.water.id)]);
      const p = await cardPay(t.token, o);
      await webhook(target().stripe.complete(p.session));
      const refund = (amount: number, status = 201) =>
        call(
          'POST',
          `/orders/${o.id}/refunds`,
          t.token,
          { id: id(), payment_id: p.id, amount, reason: 'wrong' },
          status,
        );
      const stripeRefund = (r: Json) =>
        [...target().stripe.refunds.values()].find((x) => x.metadata.refund_id === r.id)!;
      const r1 = await refund(100);
      expect(r1).toMatchObject({ status: 'pending', method: 'card', shift_id: null });
      // What is pending is reserved: no second refund of the same money.
      await refund(o.total - 100 + 1, 422);
      let x = (await call('GET', '/shifts/current', t.token, undefined, 200)).x_report;
      expect(x.refunds).toMatchObject({ count: 0, amount: 0 });

      await webhook(target().stripe.settleRefund(stripeRefund(r1).id, 'succeeded'));
      x = (await call('GET', '/shifts/current', t.token, undefined, 200)).x_report;
      expect(x.refunds).toMatchObject({ count: 1, amount: 100, by_method: { card: 100 } });
      // A late failure for a refund that succeeded changes nothing.
      await webhook(target().stripe.settleRefund(stripeRefund(r1).id, 'failed', 'refund.failed'));
      x = (await call('GET', '/shifts/current', t.token, undefined, 200)).x_report;
      expect(x.refunds.amount).toBe(100);

      const r2 = await refund(200);
      await webhook(target().stripe.settleRefund(stripeRefund(r2).id, 'failed', 'refund.failed'));
      const [row] = await target().sql<{ status: string; shift_id: string | null }[]>`
        select status, shift_id from refunds where id = ${r2.id}`;
      expect(row).toEqual({ status: 'failed', shift_id: null });
      const r3 = await refund(300);
      await webhook(target().stripe.settleRefund(stripeRefund(r3).id, 'failed'));
      // Both failures gave their amount back: the rest of the payment can be refunded.
      const r4 = await refund(o.total - 100);
      expect(r4.order.refunded_total).toBe(o.total);
      const z = await call('POST', `/shifts/${s.id}/close`, t.token, { counted_cash: 0 }, 200);
      expect(z.refunds).toMatchObject({ count: 1, amount: 100 });
    });

    it('answers a Stripe refusal 422 with its message, and only outages 502 with Retry-After', async () => {
      const t = await setup();
      const o = await newOrder(t.token, [cake(t.menu)]);
      target().stripe.failures.push({
        status: 402,
        type: 'card_error',
        message: 'Your card was declined.',
      });
      const body = { id: id(), method: 'card', amount: o.total };
      const res = await api().json('POST', `/api/v1/orders/${o.id}/payments`, body, t.token);
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect((await res.json()).detail).toContain('Your card was declined.');
      // The refused payment reserves nothing: the order can be paid.
      expect(await getOrder(t.token, o)).toMatchObject({ pending_total: 0, status: 'open' });

      for (const [status, type] of [
        [500, 'api_error'],
        [429, 'rate_limit_error'],
      ] as const) {
        // The SDK may retry once: both attempts fail.
        target().stripe.failures.push(
          { status, type, message: 'Try later' },
          { status, type, message: 'Try later' },
        );
        const down = await api().json(
          'POST',
          `/api/v1/orders/${(await newOrder(t.token, [cake(t.menu)])).id}/payments`,
          { id: id(), method: 'card', amount: o.total },
          t.token,
        );
        target().stripe.failures.length = 0;
        expect(down.status, String(status)).toBe(502);
        expect(down.headers.get('retry-after')).toBeTruthy();
      }

      // A refused refund: 422, and the amount can be refunded again.
      const o2 = await newOrder(t.token, [cake(t.menu)]);
      const p = await cardPay(t.token, o2);
      await webhook(target().stripe.complete(p.session));
      target().stripe.failures.push({
        status: 400,
        type: 'invalid_request_error',
        message: 'Charge ch_1 has been disputed.',
      });
      const refused = await api().json(
        'POST',
        `/api/v1/orders/${o2.id}/refunds`,
        { id: id(), payment_id: p.id, amount: o2.total, reason: 'x' },
        t.token,
      );
      expect(refused.status).toBe(422);
      expect((await refused.json()).detail).toContain('has been disputed');
      await call(
        'POST',
        `/orders/${o2.id}/refunds`,
        t.token,
        { id: id(), payment_id: p.id, amount: o2.total, reason: 'x' },
        201,
      );
    });

    it('refuses card amounts not ending in 0 in three-decimal currencies (KWD)', async () => {
      const t = await setup({ currency: 'KWD' });
      const o = await newOrder(t.token, [cake(t.menu)]);
      expect(o.total % 10).not.toBe(0); // 420 + 7 % of KWD fils: a total that ends in a digit
      const res = await api().json(
        'POST',
        `/api/v1/orders/${o.id}/payments`,
        { id: id(), method: 'card', amount: 421, tip: 5 },
        t.token,
      );
      expect(res.status).toBe(422);
      expect((await res.json()).errors.map((e: Json) => e.path).sort()).toEqual(['amount', 'tip']);
      const before = target().stripe.sessionsCreated;
      const ok = await cardPay(t.token, o, 420);
      expect(ok.status).toBe('pending');
      expect(target().stripe.sessionsCreated).toBe(before + 1);
      // Cash has no such rule.
      await call(
        'POST',
        `/orders/${o.id}/payments`,
        t.token,
        { id: id(), method: 'cash', amount: o.total - 420 },
        201,
      );
    });
  });

  describe('shifts', () => {
    it('puts a guest’s QR card payment in the Z report of the shift open when it settled', async () => {
      const t = await setup();
      const s = await call('POST', '/shifts', t.token, { opening_float: 0 }, 201);
      const placed = await api().json(
        'POST',
        `/api/v1/public/tables/${t.menu.table.qr_token}/orders`,
        { id: id(), lines: [line(t.menu.cake.id)] },
      );
      expect(placed.status).toBe(201);
      const g = await placed.json();
      const checkout = await api().json(
        'POST',
        `/api/v1/public/orders/${g.tracking_token}/checkout`,
      );
      expect(checkout.status).toBe(200);
      const { checkout_url } = await checkout.json();
      const event = target().stripe.complete(checkout_url.split('/').pop());
      await webhook(event);
      const z = await call('POST', `/shifts/${s.id}/close`, t.token, { counted_cash: 0 }, 200);
      expect(z.sales_by_method.card).toBe(g.order.total);
      expect(z.by_staff).toMatchObject([
        { user_id: null, name: 'Guest', payments: { count: 1, amount: g.order.total } },
      ]);
      expect(z.tax_summary.reduce((n: number, b: Json) => n + b.gross, 0)).toBe(g.order.total);
    });
  });

  describe('concurrent replays', () => {
    const burst = <T>(n: number, f: () => Promise<T>) => Promise.all(Array.from({ length: n }, f));
    const statuses = (rs: Response[]) =>
      rs
        .map((r) => r.status)
        .sort()
        .join(',');
    const oneCreated = (n: number) => ['201', ...Array(n - 1).fill('200')].sort().join(',');

    it('answers 20 concurrent replays of one payment, refund, order and line id: one 201, the rest 200', async () => {
      const t = await setup();
      const o = await newOrder(t.token, [cake(t.menu), line(t.menu.water.id)]);
      const payment = { id: id(), method: 'cash', amount: o.total };
      const pays = await burst(20, () =>
        api().json('POST', `/api/v1/orders/${o.id}/payments`, payment, t.token),
      );
      expect(statuses(pays)).toBe(oneCreated(20));
      const refund = { id: id(), payment_id: payment.id, amount: 100, reason: 'cold' };
      const refunds = await burst(20, () =>
        api().json('POST', `/api/v1/orders/${o.id}/refunds`, refund, t.token),
      );
      expect(statuses(refunds)).toBe(oneCreated(20));
      const after = await call('GET', `/orders/${o.id}`, t.token, undefined, 200);
      expect(after).toMatchObject({ paid_total: o.total, refunded_total: 100, receipt_number: 1 });

      const orderBody = { id: id(), type: 'dine_in', lines: [cake(t.menu)] };
      const orders = await burst(20, () =>
        api().json('POST', '/api/v1/orders', orderBody, t.token),
      );
      expect(statuses(orders)).toBe(oneCreated(20));
      const lines = { lines: [line(t.menu.water.id)] };
      const added = await burst(20, () =>
        api().json('POST', `/api/v1/orders/${orderBody.id}/lines`, lines, t.token),
      );
      expect(statuses(added)).toBe(oneCreated(20));
      const final = await call('GET', `/orders/${orderBody.id}`, t.token, undefined, 200);
      expect(final.lines).toHaveLength(2);
    });
  });

  describe('X and Z reports reconcile', () => {
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const methods = (r: Json) => total(Object.values(r) as number[]);
    /** Every figure of an X or Z report agrees with the others. */
    const reconcile = (z: Json, float: number) => {
      const sales = methods(z.sales_by_method);
      const gross = total(z.tax_summary.map((b: Json) => b.gross));
      expect({ what: 'tax gross = sales − refunds', gross }).toEqual({
        what: 'tax gross = sales − refunds',
        gross: sales - z.refunds.amount,
      });
      for (const b of z.tax_summary) expect(b.net + b.tax).toBe(b.gross);
      expect(methods(z.refunds.by_method)).toBe(z.refunds.amount);
      expect(total(z.by_staff.map((s: Json) => s.payments.amount))).toBe(sales);
      expect(total(z.by_staff.map((s: Json) => s.tips))).toBe(methods(z.tips_by_method));
      expect(total(z.by_staff.map((s: Json) => s.refunds.amount))).toBe(z.refunds.amount);
      expect(z.expected_cash).toBe(
        float +
          z.sales_by_method.cash +
          z.cash_rounding +
          z.tips_by_method.cash -
          z.refunds.by_method.cash +
          z.cash_movements.amount,
      );
      return { sales, gross };
    };

    it('agrees figure by figure after partial payments across shifts, refunds, discounts and voids', async () => {
      const t = await setup({ tax_inclusive: true });
      const pay = (o: Json, body: Json) =>
        call('POST', `/orders/${o.id}/payments`, t.token, { id: id(), ...body }, 201);
      const m = t.menu;
      // X: cake 420 + water 199 + cake 420 = 1039, half paid with no shift open (the €3.65 case).
      const x = await newOrder(t.token, [cake(m), line(m.water.id), cake(m)]);
      const half = Math.floor(x.total / 2);
      await pay(x, { method: 'cash', amount: half });
      const s = await call('POST', '/shifts', t.token, { opening_float: 5000 }, 201);
      const rest = await pay(x, { method: 'terminal', amount: x.total - half, tip: 30 });
      expect(rest.order.status).toBe('paid');
      let xr = (await call('GET', '/shifts/current', t.token, undefined, 200)).x_report;
      expect(reconcile(xr, 5000)).toEqual({ sales: x.total - half, gross: x.total - half });

      // Y: discounted, a line voided, paid half by card (Stripe) and half in cash, refunded twice.
      const y = await newOrder(t.token, [cake(m), line(m.water.id, 3), cake(m)]);
      await call(
        'POST',
        `/orders/${y.id}/lines/${y.lines[2].id}/void`,
        t.token,
        { reason: 'wrong' },
        200,
      );
      const yd = await call(
        'POST',
        `/orders/${y.id}/discount`,
        t.token,
        { kind: 'percent', value: 10, reason: 'regular' },
        200,
      );
      const card = await pay(y, { method: 'card', amount: 500, tip: 20 });
      await webhook(target().stripe.complete(card.checkout_url.split('/').pop()));
      const cash = await pay(y, { method: 'cash', amount: yd.total - 500, tendered: 5000 });
      expect(cash.order.status).toBe('paid');
      await call(
        'POST',
        `/orders/${y.id}/refunds`,
        t.token,
        { id: id(), payment_id: cash.id, amount: 77, reason: 'cold' },
        201,
      );
      const cardRefund = await call(
        'POST',
        `/orders/${y.id}/refunds`,
        t.token,
        { id: id(), payment_id: card.id, amount: 120, reason: 'cold' },
        201,
      );
      const stripeRefund = [...target().stripe.refunds.values()].find(
        (r) => r.metadata.refund_id === cardRefund.id,
      )!;
      await webhook(target().stripe.settleRefund(stripeRefund.id, 'succeeded'));

      // Z: an open order part paid in the shift; V: voided.
      const z = await newOrder(t.token, [line(m.water.id, 2)]);
      await pay(z, { method: 'cash', amount: 123 });
      const v = await newOrder(t.token, [cake(m)]);
      await call('POST', `/orders/${v.id}/void`, t.token, { reason: 'left' }, 200);
      await call(
        'POST',
        `/shifts/${s.id}/cash-movements`,
        t.token,
        { amount: -1000, reason: 'bank' },
        201,
      );

      xr = (await call('GET', '/shifts/current', t.token, undefined, 200)).x_report;
      const expectedSales = x.total - half + yd.total + 123;
      expect(reconcile(xr, 5000)).toEqual({
        sales: expectedSales,
        gross: expectedSales - 197,
      });
      const [db] = await target().sql<{ amount: number }[]>`
        select coalesce(sum(amount), 0)::int8 as amount from payments
        where shift_id = ${s.id} and status = 'succeeded'`;
      expect(Number(db!.amount)).toBe(expectedSales);
      const zr = await call('POST', `/shifts/${s.id}/close`, t.token, { counted_cash: 0 }, 200);
      reconcile(zr, 5000);
      expect(zr.tax_summary).toEqual(xr.tax_summary);

      // The sales report agrees with itself in every grouping.
      const from = new Date(Date.now() - 3_600_000).toISOString();
      const to = new Date(Date.now() + 3_600_000).toISOString();
      const sums: Json[] = [];
      for (const g of ['day', 'hour', 'category', 'product', 'method', 'staff']) {
        const rows = (
          await call(
            'GET',
            `/reports/sales?from=${from}&to=${to}&group_by=${g}`,
            t.token,
            undefined,
            200,
          )
        ).data as Json[];
        sums.push({
          net: total(rows.map((r) => r.net)),
          tax: total(rows.map((r) => r.tax)),
          gross: total(rows.map((r) => r.gross)),
        });
      }
      // Paid orders X and Y, less both refunds.
      expect(sums[0]!.gross).toBe(x.total + yd.total - 197);
      for (const sum of sums) expect(sum).toEqual(sums[0]);
    });
  });

  describe('offline prices', () => {
    it('accepts an order at a catalog version that ended over 24 h ago and audits it with the age', async () => {
      const t = await setup();
      const old = (await call('GET', '/catalog', t.token, undefined, 200)).version as number;
      await call('PATCH', `/products/${t.menu.cake.id}`, t.token, { price: 500 }, 200);
      const recent = (await call('GET', '/catalog', t.token, undefined, 200)).version as number;
      await call('PATCH', `/products/${t.menu.cake.id}`, t.token, { price: 600 }, 200);
      // The version after `old` began 30 hours ago; the one after `recent` just now.
      await target().sql`
        update catalog_versions set began_at = now() - interval '30 hours'
        where tenant_id = ${t.tenant.id} and version = ${old + 1}`;
      const audits = async () =>
        (
          await call(
            'GET',
            '/audit?action=order.old_catalog_version&limit=500',
            t.token,
            undefined,
            200,
          )
        ).data as Json[];
      const fresh = await call(
        'POST',
        '/orders',
        t.token,
        { id: id(), type: 'dine_in', catalog_version: recent, lines: [cake(t.menu)] },
        201,
      );
      expect(fresh.lines[0].unit_price).toBe(500);
      expect(await audits()).toEqual([]);
      const stale = await call(
        'POST',
        '/orders',
        t.token,
        { id: id(), type: 'dine_in', catalog_version: old, lines: [cake(t.menu)] },
        201,
      );
      expect(stale.lines[0].unit_price).toBe(420);
      const [entry, ...more] = await audits();
      expect(more).toEqual([]);
      expect(entry).toMatchObject({
        action: 'order.old_catalog_version',
        object_id: stale.id,
        actor_id: t.user.id,
        detail: { catalog_version: old, current_version: recent + 1, age_hours: 30 },
      });
      expect(entry!.detail.age_seconds).toBeGreaterThanOrEqual(30 * 3600);
    });
  });
}
