import { describe, expect, it } from 'vitest';
import type { Sql } from '../db/client';
import { type Api, newTenant } from '../test/client';
import { buildMenu, type Menu } from '../test/menu';
import type { StripeEmulator } from '../test/stripe-emulator';

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
  const call = async (
    method: string,
    path: string,
    token: string,
    body?: unknown,
    status?: number,
  ) => {
    const res = await api().json(method, `/api/v1${path}`, body, token);
    const text = await res.text();
    if (status !== undefined) expect(res.status, `${method} ${path}: ${text}`).toBe(status);
    return (text ? JSON.parse(text) : null) as Json;
  };
  const setup = async (extra: Record<string, unknown> = {}) => {
    const t = await newTenant(api(), extra);
    const menu = await buildMenu(api(), t.token);
    return { ...t, menu };
  };
  const line = (productId: string, quantity = 1) => ({ id: id(), product_id: productId, quantity });
  const newOrder = (token: string, lines: Json[]) =>
    call('POST', '/orders', token, { id: id(), type: 'dine_in', lines }, 201);
  const cake = (m: Menu) => line(m.cake.id);

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
}
