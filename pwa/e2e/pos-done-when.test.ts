import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSql, type Sql } from '../../worker/src/db/client';
import type { Order } from '../src/api/types';
import { lowContrast, unnamedControls } from './a11y';
import { deviceContext, launch, type Server, signIn, startServer, swActivated } from './harness';
import { checkLayout, FITS, PHONE, TABLET } from './layout';
import { discountTenPercentWithPin } from './steps';

interface ReceiptJson {
  payments: { id: string; method: string; amount: number; tip: number }[];
  refunds: { amount: number; reason: string }[];
}
interface AuditJson {
  data: { actor_id: string | null; object_id: string | null; detail: Record<string, unknown> }[];
}

const MANAGER_PIN = '2468';
const WRONG_PIN = '1357';

/**
 * Issue #13's "Done when", played in one go on a 390×844 phone through the UI alone and checked
 * through the API: a cashier's counter sale (two modifiers, a note, a 10 % discount approved by a
 * manager's PIN, half cash and half terminal with a tip), a waiter's round on an open table
 * order, a manager's refund of one line of yesterday's order found in history. Then the sale and
 * the round again offline, discount and all: back online, everything reaches the server exactly
 * once. And the action dialogs at tablet size.
 */
describe.skipIf(!inject('chromium'))('POS: the whole “Done when” on a phone', () => {
  let server: Server;
  let browser: Browser;
  let ownerToken: string;
  let sql: Sql | null = null;
  let managerId: string;
  let device: { id: string; device_token: string; name: string };
  let t2: { id: string; name: string };
  let productId: (name: string) => string;

  const order = (id: string) => server.json<Order>('GET', `/orders/${id}`, ownerToken);
  const orders = async () =>
    (await server.json<{ data: Order[] }>('GET', '/orders?limit=100', ownerToken)).data;
  const receipt = async (id: string): Promise<ReceiptJson> => {
    const res = await fetch(`${server.url}/api/v1/orders/${id}/receipt`, {
      headers: { authorization: `Bearer ${ownerToken}`, accept: 'application/json' },
    });
    return (await res.json()) as ReceiptJson;
  };
  const discounts = async (orderId: string) =>
    (
      await server.json<AuditJson>('GET', '/audit?action=order.discounted&limit=200', ownerToken)
    ).data.filter((e) => e.object_id === orderId);
  const a11y = async (p: Page, where: string) => {
    expect(await unnamedControls(p), `unnamed controls on ${where}`).toEqual([]);
    expect(await lowContrast(p), `low contrast on ${where}`).toEqual([]);
  };

  /** A browser context that is this café's registered device (its token in storage). */
  const registered = (viewport: { width: number; height: number }, touch: boolean) =>
    deviceContext(browser, device, viewport, touch);

  /** Cappuccino, Large + Oat milk, "extra hot", charged: the payment dialog open on it. */
  const counterSale = async (page: Page) => {
    await page.getByRole('button', { name: /^Cappuccino/ }).tap();
    const mods = page.getByRole('dialog', { name: 'Cappuccino' });
    await mods.getByRole('checkbox', { name: /Large/ }).check();
    await mods.getByRole('checkbox', { name: /Oat milk/ }).check();
    await mods.getByRole('textbox', { name: 'Note' }).fill('extra hot');
    await mods.getByRole('button', { name: /Add to order/ }).tap();
    await page.getByRole('button', { name: /^Cart · 1 item/ }).tap();
    await page.getByRole('button', { name: /^Charge €4\.70/ }).tap();
    return page.getByRole('dialog', { name: /Pay order/ });
  };

  /** 10 % off from the payment dialog; the cashier asks, the manager types a PIN. */
  const discountByPin = async (page: Page, pin: string, shot?: string, offline = false) => {
    const pay = page.getByRole('dialog', { name: /Pay order/ });
    await pay.getByRole('button', { name: 'Discount or void…' }).tap();
    return discountTenPercentWithPin(page, pin, {
      offline,
      check: async (screen, enter) => {
        if (!shot || screen !== 'approval') return;
        expect(await checkLayout(page, shot, [enter])).toEqual(FITS);
        await a11y(page, shot);
      },
    });
  };

  /** Half in cash, the rest on the café's terminal with a 10 % tip. */
  const halfCashHalfTerminal = async (page: Page, half: string) => {
    const pay = page.getByRole('dialog', { name: /Pay order/ });
    await pay.getByRole('button', { name: '1/2' }).tap();
    await pay.getByRole('button', { name: 'Cash' }).tap();
    const anyway = pay.getByRole('button', { name: 'Take cash without a shift' });
    if (await anyway.isVisible()) await anyway.tap();
    await pay.getByRole('group', { name: 'Quick amounts' }).getByRole('button').first().tap();
    await pay.getByRole('button', { name: 'Take cash' }).tap();
    await expect
      .poll(() => pay.getByRole('textbox', { name: 'Amount to pay' }).inputValue())
      .toBe(half);
    await pay.getByRole('button', { name: '10 %' }).tap();
    await pay.getByRole('button', { name: 'Terminal' }).tap();
    await pay.getByRole('button', { name: /^Terminal approved: record/ }).tap();
    await pay.getByText('Paid in full.').waitFor();
    await pay.getByRole('button', { name: 'Done' }).tap();
  };

  /** The waiter adds a croissant to the open order on T2 from the POS's order list. */
  const round = async (page: Page, ticket: number) => {
    const card = page.getByRole('article', { name: `Order #${ticket}` });
    await card.getByRole('button', { name: `Add items to order #${ticket}` }).tap();
    await page.getByRole('tab', { name: 'Cakes & Pastries' }).tap();
    await page.getByRole('button', { name: /^Butter Croissant/ }).tap();
    await page.getByRole('button', { name: new RegExp(`^Add to #${ticket} · 1 item`) }).tap();
    await page
      .getByRole('button', { name: `Add to #${ticket}` })
      .last()
      .tap();
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    ownerToken = await server.token('owner@demo.test');
    if (server.dbUrl) sql = createSql(server.dbUrl, { max: 1 });
    const users = await server.json<{ data: { id: string; email: string }[] }>(
      'GET',
      '/users',
      ownerToken,
    );
    managerId = users.data.find((u) => u.email === 'manager@demo.test')!.id;
    await server.json('PATCH', `/users/${managerId}`, ownerToken, { pin: MANAGER_PIN });
    device = await server.json('POST', '/devices', ownerToken, { name: 'Counter' });
    const tables = await server.json<{ data: { id: string; name: string }[] }>(
      'GET',
      '/tables',
      ownerToken,
    );
    t2 = tables.data.find((t) => t.name === 'T2')!;
    const products = await server.json<{ data: { id: string; name: string }[] }>(
      'GET',
      '/products?limit=500',
      ownerToken,
    );
    productId = (n) => products.data.find((p) => p.name === n)!.id;
  });
  afterAll(async () => {
    await sql?.end({ timeout: 1 });
    await browser?.close();
    await server?.stop();
  });

  it('counter sale, round, refund from history online; then the sale and the round offline, synced once', async () => {
    // Set-up data the scenario starts from: a table's open order (the guests ordered earlier)
    // and yesterday's paid order. The API has no way to make an order "yesterday": its
    // created_at is the server's clock, so that one row is backdated in the database.
    const tab = await server.json<Order>('POST', '/orders', ownerToken, {
      id: crypto.randomUUID(),
      type: 'dine_in',
      table_id: t2.id,
      lines: [{ id: crypto.randomUUID(), product_id: productId('Espresso'), quantity: 1 }],
    });
    const yesterdayId = crypto.randomUUID();
    const y = await server.json<Order>('POST', '/orders', ownerToken, {
      id: yesterdayId,
      type: 'takeaway',
      lines: [
        { id: crypto.randomUUID(), product_id: productId('Espresso'), quantity: 1 },
        { id: crypto.randomUUID(), product_id: productId('Butter Croissant'), quantity: 1 },
      ],
    });
    await server.json('POST', `/orders/${yesterdayId}/payments`, ownerToken, {
      id: crypto.randomUUID(),
      method: 'cash',
      amount: y.total,
    });
    expect(sql, 'the e2e server runs on Postgres here').not.toBeNull();
    await sql!`update orders set created_at = now() - interval '1 day' where id = ${yesterdayId}`;
    const yesterday = await order(yesterdayId);

    const cashierPhone = await registered(PHONE, true);
    const waiterPhone = await browser.newContext({
      viewport: PHONE,
      hasTouch: true,
      isMobile: true,
    });
    const managerPhone = await browser.newContext({
      viewport: PHONE,
      hasTouch: true,
      isMobile: true,
    });
    try {
      // --- 1. The cashier's counter sale, online. -------------------------------------------
      const cashier = await cashierPhone.newPage();
      await signIn(cashier, server, 'cashier@demo.test');
      await cashier.getByRole('tab', { name: 'Coffee' }).waitFor();
      const pay = await counterSale(cashier);
      const actions = await discountByPin(cashier, MANAGER_PIN);
      await actions.getByText('Discount 10 %: done.').waitFor();
      await actions.getByRole('button', { name: 'Done' }).tap();
      await pay.getByText('€4.23').first().waitFor();
      // The amount to pay follows the discount (it was the whole bill): the tenders stay usable.
      await expect
        .poll(() => pay.getByRole('textbox', { name: 'Amount to pay' }).inputValue())
        .toBe('4.23');
      await halfCashHalfTerminal(cashier, '2.11');

      const first = (await orders()).find((o) => o.lines.some((l) => l.note === 'extra hot'))!;
      // Cash and terminal go through the outbox even online: wait until both are through.
      await expect
        .poll(async () => (await order(first.id)).status, { timeout: 15_000 })
        .toBe('paid');
      const sale = await order(first.id);
      expect(sale).toMatchObject({
        status: 'paid',
        discount_total: 47,
        total: 423,
        paid_total: 423,
      });
      expect(sale.lines[0]!.modifiers.map((m) => m.name).sort()).toEqual(['Large', 'Oat milk']);
      expect((await receipt(sale.id)).payments.map((p) => [p.method, p.amount, p.tip])).toEqual([
        ['cash', 212, 0],
        ['terminal', 211, 21],
      ]);
      // The manager approved: the discount is theirs in the audit log, once.
      expect((await discounts(sale.id)).map((e) => e.actor_id)).toEqual([managerId]);

      // --- 2. A waiter adds a round to the open table order. ---------------------------------
      const waiter = await waiterPhone.newPage();
      await signIn(waiter, server, 'waiter@demo.test');
      await waiter.getByRole('tab', { name: 'Coffee' }).waitFor();
      await round(waiter, tab.ticket_number);
      await expect
        .poll(async () => (await order(tab.id)).lines.map((l) => l.name), { timeout: 15_000 })
        .toEqual(['Espresso', 'Butter Croissant']);

      // --- 3. A manager refunds one line of yesterday's order found in history. --------------
      const manager = await managerPhone.newPage();
      await signIn(manager, server, 'manager@demo.test');
      await manager.getByRole('tab', { name: 'Coffee' }).waitFor();
      await manager.getByRole('link', { name: 'Orders' }).tap();
      await manager.getByRole('heading', { name: 'Recent orders' }).waitFor();
      await manager
        .getByRole('searchbox', { name: /Search by ticket/ })
        .fill(String(yesterday.receipt_number));
      const card = manager.getByRole('article', { name: `Order #${yesterday.ticket_number}` });
      await card.getByRole('button', { name: `Refund Order #${yesterday.ticket_number}` }).tap();
      const refund = manager.getByRole('dialog', {
        name: `Refund order #${yesterday.ticket_number}`,
      });
      await refund.getByRole('checkbox', { name: /Butter Croissant/ }).check();
      await refund.getByRole('textbox', { name: 'Reason' }).fill('spilled');
      await refund.getByRole('button', { name: /^Refund €2\.40/ }).tap();
      await refund.getByText(/Refunded €2\.40/).waitFor();
      expect((await receipt(yesterdayId)).refunds.map((r) => [r.amount, r.reason])).toEqual([
        [240, 'spilled'],
      ]);

      // --- 4. Offline: the same sale (with the PIN discount) and the same round. -------------
      const before = (await orders()).length;
      await swActivated(cashier);
      await cashier.reload();
      await cashier.getByRole('tab', { name: 'Coffee' }).waitFor();
      await cashierPhone.setOffline(true);
      await cashier.reload();
      await cashier.getByText(/^Offline/).waitFor();
      await waiterPhone.setOffline(true);
      await waiter.getByText(/^Offline/).waitFor();

      const payOffline = await counterSale(cashier);
      const offActions = await discountByPin(cashier, MANAGER_PIN, 'offline-approval', true);
      await offActions.getByText(/Discount 10 %: saved on this device/).waitFor();
      await offActions.getByRole('button', { name: 'Done' }).tap();
      // Priced as the server will price it: the halves below add up to its total.
      await payOffline.getByText('€4.23').first().waitFor();
      await halfCashHalfTerminal(cashier, '2.11');
      await cashier.getByText('1 order, 1 discount and 2 payments pending').waitFor();

      await round(waiter, tab.ticket_number);
      await waiter.getByText('1 round pending').waitFor();

      await cashierPhone.setOffline(false);
      await waiterPhone.setOffline(false);
      for (const p of [cashier, waiter]) {
        await p
          .getByRole('status')
          .filter({ hasText: 'pending' })
          .waitFor({ state: 'detached', timeout: 60_000 });
      }

      const after = await orders();
      expect(after.length).toBe(before + 1);
      const offlineSale = after.find(
        (o) => o.id !== sale.id && o.lines.some((l) => l.note === 'extra hot'),
      )!;
      expect(offlineSale).toMatchObject({
        status: 'paid',
        discount_total: 47,
        total: 423,
        paid_total: 423,
      });
      expect(offlineSale.lines[0]!.modifiers.map((m) => m.name).sort()).toEqual([
        'Large',
        'Oat milk',
      ]);
      expect(
        (await receipt(offlineSale.id)).payments.map((p) => [p.method, p.amount, p.tip]),
      ).toEqual([
        ['cash', 212, 0],
        ['terminal', 211, 21],
      ]);
      // The PIN was checked when it went out, and the discount ran with the manager's rights.
      expect((await discounts(offlineSale.id)).map((e) => e.actor_id)).toEqual([managerId]);
      expect((await order(tab.id)).lines.map((l) => l.name)).toEqual([
        'Espresso',
        'Butter Croissant',
        'Butter Croissant',
      ]);
      expect(await cashier.getByText('Refused by the server').count()).toBe(0);
    } finally {
      await cashierPhone.close();
      await waiterPhone.close();
      await managerPhone.close();
    }
  });

  it('a wrong manager PIN given offline is refused when it goes out, shown in the pending list', async () => {
    const phone = await registered(PHONE, true);
    try {
      const page = await phone.newPage();
      await signIn(page, server, 'cashier@demo.test');
      await page.getByRole('tab', { name: 'Coffee' }).waitFor();
      // The app keeps the device's staff list (no PINs) for approvals offline.
      await page.waitForFunction(() => localStorage.getItem('comanda.device.staff'));
      // The sale is on the server (charged online); the network drops before the discount.
      await counterSale(page);
      const pay = page.getByRole('dialog', { name: /^Pay order #\d+$/ });
      await pay.waitFor();
      await pay.getByRole('button', { name: 'Close' }).tap();
      const sent = (await orders())[0]!;
      const card = page.getByRole('article', { name: `Order #${sent.ticket_number}` });
      await phone.setOffline(true);
      await page.getByText(/^Offline/).waitFor();
      await card.getByRole('button', { name: `Manage order #${sent.ticket_number}` }).tap();
      const actions = await discountTenPercentWithPin(page, WRONG_PIN, { offline: true });
      await actions.getByText(/^Discount 10 %: saved on this device/).waitFor();
      await actions.getByRole('button', { name: 'Done' }).tap();
      await card.getByText('Total €4.23').waitFor();
      await page.getByText('1 discount pending').waitFor();

      await phone.setOffline(false);
      const refused = page.getByRole('alert').filter({ hasText: 'Refused by the server' });
      await refused
        .getByText(`Discount 10 % on #${sent.ticket_number}: The manager’s PIN was wrong`, {
          exact: false,
        })
        .waitFor({ timeout: 60_000 });
      // The discount did not happen: the server's order is shown again, and the PIN is gone.
      expect(await order(sent.id)).toMatchObject({ discount_total: 0, total: 470 });
      await card.getByText('Total €4.70').waitFor();
      expect(await discounts(sent.id)).toEqual([]);
      const stored = await page.evaluate(
        () =>
          new Promise<string>((ok, fail) => {
            const open = indexedDB.open('comanda');
            open.onerror = () => fail(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const names = [...db.objectStoreNames];
              const tx = db.transaction(names, 'readonly');
              const all = names.map(
                (n) =>
                  new Promise<unknown[]>((r) => {
                    const q = tx.objectStore(n).getAll();
                    q.onsuccess = () => r(q.result);
                  }),
              );
              void Promise.all(all).then((rows) => ok(JSON.stringify(rows)));
            };
          }),
      );
      expect(stored).not.toContain(WRONG_PIN);
      expect(stored).toContain('PIN was wrong');
    } finally {
      await phone.close();
    }
  });

  it('the discount, approval, void, refund and tip dialogs fit a 1024×768 tablet', async () => {
    const tablet = await registered(TABLET, false);
    const managerTablet = await browser.newContext({ viewport: TABLET });
    try {
      const page = await tablet.newPage();
      await signIn(page, server, 'cashier@demo.test');
      await page.getByRole('tab', { name: 'Coffee' }).waitFor();
      await page.getByRole('button', { name: /^Cappuccino/ }).click();
      const mods = page.getByRole('dialog', { name: 'Cappuccino' });
      await mods.getByRole('checkbox', { name: /Large/ }).check();
      await mods.getByRole('button', { name: /Add to order/ }).click();
      await page.getByRole('button', { name: /^Charge €/ }).click();
      const pay = page.getByRole('dialog', { name: /Pay order/ });

      // Tip: a preset picked, the tenders in view.
      await pay.getByRole('button', { name: '10 %' }).click();
      expect(
        await checkLayout(page, 'tablet-tip', [
          pay.getByRole('button', { name: 'Cash' }),
          pay.getByRole('button', { name: 'Terminal' }),
        ]),
      ).toEqual(FITS);
      await a11y(page, 'tablet tip');
      await pay.getByRole('button', { name: 'No tip' }).click();

      // Discount, then the manager's approval with the PIN pad.
      await pay.getByRole('button', { name: 'Discount or void…' }).click();
      const actions = await discountTenPercentWithPin(page, MANAGER_PIN, {
        touch: false,
        check: async (screen, target) => {
          expect(
            await checkLayout(page, `tablet-${screen === 'apply' ? 'discount' : 'approval'}`, [
              target,
            ]),
          ).toEqual(FITS);
          await a11y(page, `tablet ${screen === 'apply' ? 'discount' : 'approval'}`);
        },
      });
      await actions.getByText('Discount 10 %: done.').waitFor();

      // Void a line (the order is unpaid).
      await actions.getByRole('button', { name: 'Void Cappuccino' }).click();
      await actions.getByRole('textbox', { name: 'Reason' }).fill('sent by mistake');
      const voidLine = actions.getByRole('button', { name: 'Void the line' });
      expect(await checkLayout(page, 'tablet-void', [voidLine])).toEqual(FITS);
      await a11y(page, 'tablet void');
      await actions.getByRole('button', { name: 'Back' }).click();
      await actions.getByRole('button', { name: 'Done' }).click();

      // Refund from history, as a manager.
      const made = await server.json<Order>('POST', '/orders', ownerToken, {
        id: crypto.randomUUID(),
        type: 'takeaway',
        lines: [
          { id: crypto.randomUUID(), product_id: productId('Espresso'), quantity: 1 },
          { id: crypto.randomUUID(), product_id: productId('Butter Croissant'), quantity: 1 },
        ],
      });
      await server.json('POST', `/orders/${made.id}/payments`, ownerToken, {
        id: crypto.randomUUID(),
        method: 'cash',
        amount: made.total,
      });
      const paid = await order(made.id);
      const m = await managerTablet.newPage();
      await signIn(m, server, 'manager@demo.test');
      await m.getByRole('tab', { name: 'Coffee' }).waitFor();
      await m.getByRole('link', { name: 'Orders' }).click();
      await m.getByRole('heading', { name: 'Recent orders' }).waitFor();
      await m
        .getByRole('searchbox', { name: /Search by ticket/ })
        .fill(String(paid.receipt_number));
      await m.getByRole('button', { name: `Refund Order #${paid.ticket_number}` }).click();
      const refund = m.getByRole('dialog', { name: `Refund order #${paid.ticket_number}` });
      await refund.getByRole('checkbox', { name: /Butter Croissant/ }).check();
      await refund.getByRole('textbox', { name: 'Reason' }).fill('spilled');
      const refundButton = refund.getByRole('button', { name: /^Refund €/ });
      expect(await checkLayout(m, 'tablet-refund', [refundButton])).toEqual(FITS);
      await a11y(m, 'tablet refund');
    } finally {
      await tablet.close();
      await managerTablet.close();
    }
  });
});
