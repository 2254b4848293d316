import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSql, type Sql } from '../../worker/src/db/client';
import type { Order } from '../src/api/types';
import { lowContrast, unnamedControls } from './a11y';
import { deviceContext, launch, type Server, signIn, startServer, swActivated } from './harness';
import { checkLayout, FITS, inViewport, PHONE, TABLET } from './layout';
import { discountTenPercentWithPin } from './steps';

interface ReceiptJson {
  payments: { id: string; method: string; amount: number; tip: number }[];
  refunds: { amount: number; reason: string }[];
}

/**
 * Every staff action through the UI on a phone, checked through the API: the "Done
 * when" counter sale (two modifiers, a note, a 10 % discount approved by a manager's PIN, half
 * cash and half terminal with a tip), a waiter's round, a refund from history, barcode entry,
 * and the same sale offline. The server has no Stripe: the Card tender must not be a dead end.
 */
describe.skipIf(!inject('chromium'))('POS actions on a phone', () => {
  let server: Server;
  let browser: Browser;
  let ownerToken: string;
  let sql: Sql | null = null;
  let phone: BrowserContext;
  let page: Page;
  const MANAGER_PIN = '2468';
  const shiftsCurrent: string[] = [];

  const order = (id: string) => server.json<Order>('GET', `/orders/${id}`, ownerToken);
  const receipt = async (id: string): Promise<ReceiptJson> => {
    const res = await fetch(`${server.url}/api/v1/orders/${id}/receipt`, {
      headers: { authorization: `Bearer ${ownerToken}`, accept: 'application/json' },
    });
    return (await res.json()) as ReceiptJson;
  };
  const latest = async () =>
    (await server.json<{ data: Order[] }>('GET', '/orders?limit=1', ownerToken)).data[0]!;
  /** Each step starts on a freshly loaded POS (a failed step leaves no dialog behind). */
  const fresh = async () => {
    await page.goto(`${server.url}/pos`);
    await page.getByRole('tab', { name: 'Coffee' }).waitFor();
  };
  const a11y = async (p: Page, where: string) => {
    expect(await unnamedControls(p), `unnamed controls on ${where}`).toEqual([]);
    expect(await lowContrast(p), `low contrast on ${where}`).toEqual([]);
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    ownerToken = await server.token('owner@demo.test');
    if (server.dbUrl) sql = createSql(server.dbUrl, { max: 1 });
    // The manager has a PIN; this phone is a registered device.
    const users = await server.json<{ data: { id: string; email: string }[] }>(
      'GET',
      '/users',
      ownerToken,
    );
    const manager = users.data.find((u) => u.email === 'manager@demo.test')!;
    await server.json('PATCH', `/users/${manager.id}`, ownerToken, { pin: MANAGER_PIN });
    const device = await server.json<{ id: string; device_token: string; name: string }>(
      'POST',
      '/devices',
      ownerToken,
      { name: 'Counter phone' },
    );
    // A barcode on the espresso, for the scanner.
    const products = await server.json<{ data: { id: string; name: string }[] }>(
      'GET',
      '/products?limit=500',
      ownerToken,
    );
    const espresso = products.data.find((p) => p.name === 'Espresso')!;
    await server.json('PATCH', `/products/${espresso.id}`, ownerToken, {
      barcode: '4006381333931',
    });
    phone = await deviceContext(browser, device, PHONE, true);
    phone.on('request', (r) => {
      if (r.url().includes('/shifts/current')) shiftsCurrent.push(r.url());
    });
    page = await phone.newPage();
  });
  afterAll(async () => {
    await sql?.end({ timeout: 1 });
    await browser?.close();
    await server?.stop();
  });

  it('counter sale: modifiers and a note, 10 % discount by manager PIN, half cash, half terminal with a tip', async () => {
    await signIn(page, server, 'cashier@demo.test');
    await page.getByRole('tab', { name: 'Coffee' }).waitFor();
    await page.getByRole('button', { name: /^Cappuccino/ }).tap();
    const mods = page.getByRole('dialog', { name: 'Cappuccino' });
    await mods.getByRole('checkbox', { name: /Large/ }).check();
    await mods.getByRole('checkbox', { name: /Oat milk/ }).check();
    await mods.getByRole('textbox', { name: 'Note' }).fill('extra hot');
    await mods.getByRole('button', { name: /Add to order/ }).tap();
    await page.getByRole('button', { name: /^Cart · 1 item/ }).tap();
    await page.getByRole('button', { name: /^Charge €4\.70/ }).tap();

    const pay = page.getByRole('dialog', { name: /Pay order/ });
    await pay.getByRole('button', { name: 'Discount or void…' }).tap();
    // A cashier may not discount: the manager approves with their PIN on this phone.
    const actions = await discountTenPercentWithPin(page, MANAGER_PIN, {
      check: async (screen, target) => {
        expect(
          await checkLayout(page, screen === 'apply' ? 'discount' : 'approval', [target]),
        ).toEqual(FITS);
        await a11y(page, screen === 'apply' ? 'discount' : 'manager approval');
      },
    });
    await actions.getByText('Discount 10 %: done.').waitFor();
    await actions.getByRole('button', { name: 'Done' }).tap();

    const sold = await latest();
    expect(sold).toMatchObject({ discount_total: 47, total: 423 });
    const coffee = sold.lines[0]!;
    expect(coffee.modifiers.map((m) => m.name).sort()).toEqual(['Large', 'Oat milk']);
    expect(coffee.note).toBe('extra hot');

    // Half in cash (no shift is open: warned, then allowed).
    await pay.getByText('€4.23').first().waitFor();
    await pay.getByRole('button', { name: '1/2' }).tap();
    await pay.getByRole('button', { name: 'Cash' }).tap();
    await pay.getByText('No shift is open.').waitFor();
    await pay.getByRole('button', { name: 'Take cash without a shift' }).tap();
    await pay.getByRole('group', { name: 'Quick amounts' }).getByRole('button').first().tap();
    expect(
      await checkLayout(page, 'payment-cash', [pay.getByRole('button', { name: 'Take cash' })]),
    ).toEqual(FITS);
    await pay.getByRole('button', { name: 'Take cash' }).tap();
    // The bug: the amount read 0.00 and the tenders were off until "All".
    const amount = pay.getByRole('textbox', { name: 'Amount to pay' });
    await expect.poll(() => amount.inputValue()).toBe('2.11');
    expect(await pay.getByRole('button', { name: 'Cash' }).isEnabled()).toBe(true);

    // The rest on the café's terminal, with a 10 % tip.
    await pay.getByRole('button', { name: '10 %' }).tap();
    await pay.getByRole('button', { name: 'Terminal' }).tap();
    await pay.getByRole('textbox', { name: /Terminal reference/ }).fill('AUTH-77');
    const record = pay.getByRole('button', { name: /^Terminal approved: record/ });
    expect(await checkLayout(page, 'payment-terminal', [record])).toEqual(FITS);
    await record.tap();
    await pay.getByText('Paid in full.').waitFor();
    await expect.poll(async () => (await order(sold.id)).status, { timeout: 15_000 }).toBe('paid');
    const r = await receipt(sold.id);
    expect(r.payments.map((p) => [p.method, p.amount, p.tip])).toEqual([
      ['cash', 212, 0],
      ['terminal', 211, 21],
    ]);
    await pay.getByRole('button', { name: 'Done' }).tap();
  });

  it('without Stripe, Card says what to do instead, and the message is gone once paid', async () => {
    await fresh();
    await page.getByRole('button', { name: /^Espresso/ }).tap();
    await page
      .getByRole('dialog', { name: 'Espresso' })
      .getByRole('button', { name: /Add to order/ })
      .tap();
    await page.getByRole('button', { name: /^Cart · 1 item/ }).tap();
    await page.getByRole('button', { name: 'Send to kitchen' }).tap();
    const card = page.getByRole('article', { name: /^Order #\d+$/ }).first();
    await card.getByRole('button', { name: 'Pay' }).tap();
    const pay = page.getByRole('dialog', { name: /Pay order/ });
    await pay.getByRole('button', { name: 'Card' }).tap();
    await pay
      .getByRole('alert')
      .getByText(/not set up.*Terminal/)
      .waitFor();
    await pay.getByRole('button', { name: 'Terminal' }).tap();
    await pay.getByRole('button', { name: /^Terminal approved/ }).tap();
    await pay.getByText('Paid in full.').waitFor();
    expect(await pay.getByRole('alert').count()).toBe(0);
    await pay.getByRole('button', { name: 'Done' }).tap();
  });

  it('a barcode scanned anywhere on the POS adds the product', async () => {
    await fresh();
    await page.getByRole('tab', { name: 'Coffee' }).focus();
    // A scanner's burst, all in one task: a loaded test machine cannot stretch the gaps between
    // keys past the scanner threshold, as Playwright's key-by-key typing can.
    await page.evaluate((code) => {
      const target = document.activeElement ?? document.body;
      for (const key of [...code, 'Enter']) {
        target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      }
    }, '4006381333931');
    await page.getByRole('button', { name: /^Cart · 1 item\s*€2\.20/ }).waitFor();
    // And typed into the search box.
    const search = page.getByRole('searchbox', { name: /Search products/ });
    await search.fill('4006381333931');
    await search.press('Enter');
    await page.getByRole('button', { name: /^Cart · 2 items/ }).waitFor();
    await search.fill('mocha');
    await page.getByRole('button', { name: /^Mocha/ }).waitFor();
    expect(await page.getByRole('button', { name: /^Espresso/ }).count()).toBe(0);
    await search.fill('');
    // Leave the cart empty for the next step.
    await page.getByRole('button', { name: /^Cart · 2 items/ }).tap();
    await page.getByRole('button', { name: 'Fewer Espresso' }).tap();
    await page.getByRole('button', { name: 'Fewer Espresso' }).tap();
    await page.getByRole('button', { name: 'Close the cart' }).tap();
  });

  it('a waiter adds a round to an open table order', async () => {
    const tables = await server.json<{ data: { id: string; name: string }[] }>(
      'GET',
      '/tables',
      ownerToken,
    );
    const t2 = tables.data.find((t) => t.name === 'T2')!;
    const open = await server
      .json<Order>('POST', '/orders', ownerToken, {
        id: crypto.randomUUID(),
        type: 'dine_in',
        table_id: t2.id,
        lines: [],
      })
      .catch(async () => null);
    const waiter = await browser.newContext({ viewport: TABLET });
    try {
      const p = await waiter.newPage();
      await signIn(p, server, 'waiter@demo.test');
      await p.getByRole('tab', { name: 'Coffee' }).waitFor();
      let target = open;
      if (!target) {
        // Empty orders are refused: start it with one line through the UI.
        await p.getByRole('button', { name: /^Espresso/ }).click();
        await p
          .getByRole('dialog', { name: 'Espresso' })
          .getByRole('button', { name: /Add to order/ })
          .click();
        await p.getByRole('combobox', { name: 'Table' }).selectOption(t2.id);
        await p.getByRole('button', { name: 'Send to kitchen' }).click();
        await expect.poll(async () => (await latest()).table_id, { timeout: 15_000 }).toBe(t2.id);
        target = await latest();
      }
      const card = p.getByRole('article', { name: `Order #${target.ticket_number}` });
      await card
        .getByRole('button', { name: `Add items to order #${target.ticket_number}` })
        .click();
      await p.getByRole('heading', { name: `Add to #${target.ticket_number}` }).waitFor();
      await p.getByRole('tab', { name: 'Cakes & Pastries' }).click();
      await p.getByRole('button', { name: /^Butter Croissant/ }).click();
      const send = p.getByRole('button', { name: `Add to #${target.ticket_number}` }).last();
      expect(await checkLayout(p, 'add-round', [send])).toEqual(FITS);
      await send.click();
      await expect
        .poll(async () => (await order(target!.id)).lines.map((l) => l.name), { timeout: 15_000 })
        .toContain('Butter Croissant');
      const after = await order(target.id);
      expect(after.status).toBe('open');
      expect(after.lines).toHaveLength(target.lines.length + 1);
    } finally {
      await waiter.close();
    }
  });

  it('a waiter voids a line, then the whole order with a manager’s sign-in as approval', async () => {
    const open = (
      await server.json<{ data: Order[] }>('GET', '/orders?status=open&limit=50', ownerToken)
    ).data.find((o) => o.lines.some((l) => l.name === 'Butter Croissant' && !l.voided))!;
    const waiter = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
    try {
      const p = await waiter.newPage();
      await signIn(p, server, 'waiter@demo.test');
      await p.getByRole('tab', { name: 'Coffee' }).waitFor();
      const card = p.getByRole('article', { name: `Order #${open.ticket_number}` });
      await card.getByRole('button', { name: `Manage order #${open.ticket_number}` }).tap();
      const actions = p.getByRole('dialog', { name: /actions$/ });
      await actions.getByRole('button', { name: 'Void Butter Croissant' }).tap();
      await actions.getByRole('textbox', { name: 'Reason' }).fill('sent by mistake');
      const voidLine = actions.getByRole('button', { name: 'Void the line' });
      expect(await checkLayout(p, 'void-line', [voidLine])).toEqual(FITS);
      await voidLine.tap();
      await actions.getByText(/Void Butter Croissant: done\./).waitFor();
      const after = await order(open.id);
      expect(after.lines.find((l) => l.name === 'Butter Croissant')).toMatchObject({
        voided: true,
        void_reason: 'sent by mistake',
      });

      // Voiding the order is a manager's: on a device that is not shared, they sign in to approve.
      await actions.getByRole('button', { name: 'Void order' }).tap();
      await actions.getByRole('textbox', { name: 'Reason' }).fill('guests left');
      await actions.getByRole('button', { name: 'Void the order' }).tap();
      const approval = p.getByRole('dialog', { name: 'Manager approval' });
      await approval.getByRole('textbox', { name: 'Manager’s email' }).fill('manager@demo.test');
      await approval.getByRole('textbox', { name: 'Manager’s password' }).fill('wrong-password');
      await approval.getByRole('button', { name: /^Approve/ }).tap();
      await approval.getByText('Wrong PIN or password.').waitFor();
      expect((await order(open.id)).status).toBe('open');
      await approval.getByRole('textbox', { name: 'Manager’s password' }).fill('demo1234');
      const approve = approval.getByRole('button', { name: /^Approve/ });
      expect(await checkLayout(p, 'approval-password', [approve])).toEqual(FITS);
      await approve.tap();
      await expect
        .poll(async () => (await order(open.id)).status, { timeout: 15_000 })
        .toBe('void');
      // The waiter is still the one signed in.
      await p.locator('.topbar .who', { hasText: 'Wes Waiter' }).waitFor();
    } finally {
      await waiter.close();
    }
  });

  it('a manager refunds one line of yesterday’s order found in history', async () => {
    // Yesterday's paid order: two lines.
    const id = crypto.randomUUID();
    const products = await server.json<{ data: { id: string; name: string }[] }>(
      'GET',
      '/products?limit=500',
      ownerToken,
    );
    const byName = (n: string) => products.data.find((p) => p.name === n)!.id;
    const made = await server.json<Order>('POST', '/orders', ownerToken, {
      id,
      type: 'takeaway',
      lines: [
        { id: crypto.randomUUID(), product_id: byName('Espresso'), quantity: 1 },
        { id: crypto.randomUUID(), product_id: byName('Butter Croissant'), quantity: 1 },
      ],
    });
    await server.json('POST', `/orders/${id}/payments`, ownerToken, {
      id: crypto.randomUUID(),
      method: 'cash',
      amount: made.total,
    });
    if (sql) await sql`update orders set created_at = now() - interval '1 day' where id = ${id}`;
    const paid = await order(id);

    const m = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
    try {
      const p = await m.newPage();
      await signIn(p, server, 'manager@demo.test');
      await p.getByRole('tab', { name: 'Coffee' }).waitFor();
      await p.getByRole('link', { name: 'Orders' }).tap();
      await p.getByRole('heading', { name: 'Recent orders' }).waitFor();
      const search = p.getByRole('searchbox', { name: /Search by ticket/ });
      await search.fill(String(paid.receipt_number));
      const card = p.getByRole('article', { name: `Order #${paid.ticket_number}` });
      await card.waitFor();
      expect(await checkLayout(p, 'history', [search])).toEqual(FITS);
      await a11y(p, 'history');
      await card.getByRole('button', { name: `Refund Order #${paid.ticket_number}` }).tap();
      const dialog = p.getByRole('dialog', { name: `Refund order #${paid.ticket_number}` });
      await dialog.getByRole('checkbox', { name: /Butter Croissant/ }).check();
      await dialog.getByRole('textbox', { name: 'Reason' }).fill('spilled');
      const refund = dialog.getByRole('button', { name: /^Refund €2\.40/ });
      expect(await checkLayout(p, 'refund', [refund])).toEqual(FITS);
      await a11y(p, 'refund');
      await refund.tap();
      await dialog.getByText(/Refunded €2\.40/).waitFor();
      const r = await receipt(id);
      expect(r.refunds.map((x) => [x.amount, x.reason])).toEqual([[240, 'spilled']]);
    } finally {
      await m.close();
    }
  });

  it('one highlighted menu entry on /admin/reports; no /shifts/current request without a shift', async () => {
    const m = await browser.newContext({ viewport: TABLET });
    try {
      const p = await m.newPage();
      await signIn(p, server, 'manager@demo.test');
      await p.getByRole('tab', { name: 'Coffee' }).waitFor();
      const nav = p.getByRole('navigation', { name: 'Screens' });
      await nav.getByRole('link', { name: 'Reports' }).click();
      await p.waitForURL('**/admin/reports');
      expect(await nav.getByRole('link', { name: 'Reports' }).getAttribute('aria-current')).toBe(
        'page',
      );
      expect(
        await nav.getByRole('link', { name: 'Admin' }).getAttribute('aria-current'),
      ).toBeNull();
      expect(await p.locator('.topbar a.active').count()).toBe(1);
    } finally {
      await m.close();
    }
    // The cashier's payments asked whether a shift is open without a 404 in the console.
    expect(shiftsCurrent).toEqual([]);
  });

  it('offline: the counter sale (half cash, half terminal with a tip) and a round go out when back online', async () => {
    await fresh();
    await swActivated(page);
    await page.reload();
    await page.getByRole('tab', { name: 'Coffee' }).waitFor();
    const before = (await server.json<{ data: Order[] }>('GET', '/orders?limit=100', ownerToken))
      .data.length;
    await phone.setOffline(true);
    await page.reload();
    await page.getByText(/^Offline/).waitFor();

    await page.getByRole('button', { name: /^Cappuccino/ }).tap();
    const mods = page.getByRole('dialog', { name: 'Cappuccino' });
    await mods.getByRole('checkbox', { name: /Large/ }).check();
    await mods.getByRole('checkbox', { name: /Oat milk/ }).check();
    await mods.getByRole('textbox', { name: 'Note' }).fill('extra hot');
    await mods.getByRole('button', { name: /Add to order/ }).tap();
    await page.getByRole('button', { name: /^Cart · 1 item/ }).tap();
    await page.getByRole('button', { name: /^Charge €4\.70/ }).tap();
    const pay = page.getByRole('dialog', { name: /Pay order/ });
    await pay.getByRole('button', { name: '1/2' }).tap();
    await pay.getByRole('button', { name: 'Cash' }).tap();
    await pay.getByRole('group', { name: 'Quick amounts' }).getByRole('button').first().tap();
    await pay.getByRole('button', { name: 'Take cash' }).tap();
    await expect
      .poll(() => pay.getByRole('textbox', { name: 'Amount to pay' }).inputValue())
      .toBe('2.35');
    await pay.getByRole('button', { name: '10 %' }).tap();
    await pay.getByRole('button', { name: 'Terminal' }).tap();
    await pay.getByRole('button', { name: /^Terminal approved/ }).tap();
    await pay.getByText('Paid in full.').waitFor();
    await pay.getByRole('button', { name: 'Done' }).tap();
    await page.getByText('1 order and 2 payments pending').waitFor();

    // A round on an open order, offline too.
    await page.getByRole('button', { name: /^Espresso/ }).tap();
    await page
      .getByRole('dialog', { name: 'Espresso' })
      .getByRole('button', { name: /Add to order/ })
      .tap();
    await page.getByRole('button', { name: /^Cart · 1 item/ }).tap();
    await page.getByRole('button', { name: 'Send to kitchen' }).tap();
    const local = page.getByRole('article', { name: 'Order New order' }).first();
    await local.getByRole('button', { name: 'Add items to order New order' }).tap();
    await page.getByRole('tab', { name: 'Cakes & Pastries' }).tap();
    await page.getByRole('button', { name: /^Butter Croissant/ }).tap();
    await page.getByRole('button', { name: /^Add to #new order · 1 item/ }).tap();
    await page.getByRole('button', { name: 'Add to #new order' }).last().tap();
    await page.getByText('2 orders, 1 round and 2 payments pending').waitFor();

    await phone.setOffline(false);
    await page
      .getByRole('status')
      .filter({ hasText: 'pending' })
      .waitFor({ state: 'detached', timeout: 60_000 });
    const after = (await server.json<{ data: Order[] }>('GET', '/orders?limit=100', ownerToken))
      .data;
    expect(after.length).toBe(before + 2);
    const sale = after.find(
      (o) =>
        o.lines.some((l) => l.note === 'extra hot') &&
        o.created_at > new Date(Date.now() - 120_000).toISOString(),
    )!;
    expect(sale).toMatchObject({ status: 'paid', total: 470, paid_total: 470 });
    const r = await receipt(sale.id);
    expect(r.payments.map((p) => [p.method, p.amount, p.tip])).toEqual([
      ['cash', 235, 0],
      ['terminal', 235, 24],
    ]);
    const round = after.find(
      (o) => o.lines.some((l) => l.name === 'Butter Croissant') && o.status === 'open',
    )!;
    expect(round.lines.map((l) => l.name).sort()).toEqual(['Butter Croissant', 'Espresso']);
  });

  it('a guest’s failed “Pay now” is told beside the button, in view', async () => {
    const tables = await server.json<{ data: { name: string; qr_token: string }[] }>(
      'GET',
      '/tables',
      ownerToken,
    );
    const t3 = tables.data.find((t) => t.name === 'T3')!;
    const guest = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
    try {
      const g = await guest.newPage();
      await g.goto(`${server.url}/t/${t3.qr_token}`);
      await g.getByRole('button', { name: /^Black Tea/ }).tap();
      await g.getByRole('button', { name: 'Place order' }).tap();
      const card = g.getByRole('article', { name: /^Order #\d+$/ });
      await card.getByRole('button', { name: 'Pay now' }).tap();
      // No Stripe on this server: the error shows in the order's card, on screen.
      const alert = card.getByRole('alert');
      await alert.waitFor();
      expect(await inViewport(alert)).toBe(true);
      await g.screenshot({ path: '.tmp/screens/guest-pay-error-390x844.png' });
    } finally {
      await guest.close();
    }
  });
});
