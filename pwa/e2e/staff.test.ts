import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StripeEmulator } from '../../worker/src/test/stripe-emulator';
import type { Order } from '../src/api/types';
import {
  launch,
  launchProfile,
  type Server,
  signIn,
  startServerWithStripe,
  swActivated,
} from './harness';

const WEBHOOK_SECRET = 'whsec_e2e_comanda';

/**
 * The staff side in a real Chromium against the real Node server: install, POS with modifiers,
 * the kitchen display live, cash, the offline outbox. Steps share one server and build on each
 * other, so the file runs in order.
 */
describe.skipIf(!inject('chromium'))('staff PWA in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let pos: BrowserContext;
  let kitchen: BrowserContext;
  let posPage: Page;
  let kitchenPage: Page;
  let ownerToken: string;
  const posRequests: string[] = [];

  const orders = async () =>
    (await server.json<{ data: Order[] }>('GET', '/orders?limit=100', ownerToken)).data;

  const stripe = new StripeEmulator();

  beforeAll(async () => {
    server = await startServerWithStripe(stripe, WEBHOOK_SECRET);
    browser = await launch();
    ownerToken = await server.token('owner@demo.test');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await stripe.stop();
  });

  it('is installable: Chromium reports no installability errors', async () => {
    const profile = await launchProfile();
    try {
      const page = await profile.context.newPage();
      await page.goto(`${server.url}/login`);
      await swActivated(page);
      const cdp = await profile.context.newCDPSession(page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: { errorId: string }[];
      };
      expect(installabilityErrors).toEqual([]);
      const manifest = await (await fetch(`${server.url}/manifest.webmanifest`)).json();
      expect(manifest.display).toBe('standalone');
      expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toContain('512x512');
    } finally {
      await profile.close();
    }
  });

  it('a kitchen screen is open and live before the order comes', async () => {
    kitchen = await browser.newContext();
    kitchenPage = await kitchen.newPage();
    await signIn(kitchenPage, server, 'kitchen@demo.test');
    await kitchenPage.waitForURL('**/kitchen');
    await kitchenPage.getByRole('heading', { name: 'Kitchen' }).waitFor();
    await kitchenPage.getByText('live', { exact: true }).waitFor();
  });

  it('cashier signs in, builds an order with modifiers and sends it to the kitchen', async () => {
    pos = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    pos.on('request', (r) => posRequests.push(r.url()));
    posPage = await pos.newPage();
    await signIn(posPage, server, 'cashier@demo.test');
    await posPage.waitForURL('**/pos');
    await posPage.getByRole('tab', { name: 'Coffee' }).click();
    await posPage.getByRole('button', { name: /^Cappuccino/ }).click();
    const dialog = posPage.getByRole('dialog', { name: 'Cappuccino' });
    const add = dialog.getByRole('button', { name: /Add to order/ });
    // Size is required (min 1): not addable until a size is chosen.
    expect(await add.isDisabled()).toBe(true);
    await dialog.getByRole('checkbox', { name: /Large/ }).check();
    await dialog.getByRole('checkbox', { name: /Oat milk/ }).check();
    expect(await add.isEnabled()).toBe(true);
    await add.click();
    await posPage.getByRole('tab', { name: 'Cakes & Pastries' }).click();
    await posPage.getByRole('button', { name: /^Butter Croissant/ }).click();
    await posPage.getByRole('button', { name: 'More Butter Croissant' }).click();
    await posPage.getByRole('textbox', { name: 'Note for Butter Croissant' }).fill('warm');
    await posPage.getByRole('button', { name: 'Send to kitchen' }).click();

    const card = posPage.getByRole('article', { name: /^Order #\d+$/ });
    await card.waitFor();
    const sent = await orders();
    expect(sent).toHaveLength(1);
    const coffee = sent[0]!.lines.find((l) => l.name === 'Cappuccino')!;
    expect(coffee.modifiers.map((m) => m.name).sort()).toEqual(['Large', 'Oat milk']);
    // 3.40 + 0.90 + 0.40 as the server priced it
    expect(coffee.line_total).toBe(470);
    const croissant = sent[0]!.lines.find((l) => l.name === 'Butter Croissant')!;
    expect(croissant).toMatchObject({ quantity: 2, note: 'warm', line_total: 480 });
  });

  it('the kitchen sees the ticket live, bumps it, and the POS sees the change', async () => {
    const [order] = await orders();
    const ticket = kitchenPage.getByRole('article', { name: `Ticket #${order!.ticket_number}` });
    await ticket.waitFor({ timeout: 15_000 });
    await ticket.getByText('Large, Oat milk').waitFor();
    await ticket
      .getByRole('button', { name: `Mark ticket #${order!.ticket_number} preparing` })
      .click();
    const posCard = posPage.getByRole('article', { name: `Order #${order!.ticket_number}` });
    await posCard.getByText('preparing').first().waitFor({ timeout: 15_000 });
    // One line on to ready, from the line itself.
    await ticket.getByRole('button', { name: /Cappuccino: preparing, mark ready/ }).click();
    await posCard.getByText('ready', { exact: true }).waitFor({ timeout: 15_000 });
  });

  it('takes cash with change for the order', async () => {
    const [order] = await orders();
    const posCard = posPage.getByRole('article', { name: `Order #${order!.ticket_number}` });
    await posCard.getByRole('button', { name: 'Pay' }).click();
    const dialog = posPage.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Cash' }).click();
    // No shift is open: the cashier is warned, and may go ahead.
    await dialog.getByText('No shift is open.').waitFor();
    await dialog.getByRole('button', { name: 'Take cash without a shift' }).click();
    await dialog.getByRole('button', { name: '1', exact: true }).click();
    await dialog.getByRole('button', { name: '0', exact: true }).click();
    await dialog.getByRole('button', { name: '00', exact: true }).click();
    await dialog.getByRole('button', { name: '0', exact: true }).click();
    await dialog.getByText(/Change/).waitFor();
    await dialog.getByRole('button', { name: 'Take cash' }).click();
    await dialog.getByText('Paid in full.').waitFor({ timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Done' }).click();
    // The payment goes through the outbox: the server has it a moment later.
    await expect
      .poll(async () => (await orders()).find((o) => o.id === order!.id)?.status, {
        timeout: 15_000,
      })
      .toBe('paid');
    await posPage.getByRole('status').filter({ hasText: 'pending' }).waitFor({ state: 'detached' });
  });

  it('takes a card payment through a Checkout QR code, confirmed live by the webhook', async () => {
    await posPage.getByRole('tab', { name: 'Cold Drinks' }).click();
    await posPage.getByRole('button', { name: /^Cola/ }).click();
    await posPage.getByRole('radio', { name: 'Takeaway' }).check();
    await posPage.getByRole('button', { name: 'Send to kitchen' }).click();
    await expect.poll(async () => (await orders()).length, { timeout: 15_000 }).toBe(2);
    const order = (await orders()).find((o) => o.lines.some((l) => l.name.startsWith('Cola')))!;
    expect(order.type).toBe('takeaway');
    const card = posPage.getByRole('article', { name: `Order #${order.ticket_number}` });
    await card.getByRole('button', { name: 'Pay' }).click();
    const dialog = posPage.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Card' }).click();
    await dialog.getByRole('img', { name: 'QR code to pay by card' }).waitFor();
    await dialog.getByText(/Waiting for payment/).waitFor();

    // The guest pays on their phone; Stripe calls the webhook.
    const { res } = await stripe.settleLatest(server.url, WEBHOOK_SECRET);
    expect(res.status).toBe(200);
    await dialog.getByText(/Card payment received\.\s+Paid in full\./).waitFor({ timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Done' }).click();
    expect((await orders()).find((o) => o.id === order.id)!.status).toBe('paid');
  });

  it('offline: reloads from cache, queues an order and its cash payment, sends them exactly once when back online', async () => {
    // The service worker controls the page from the next navigation on.
    await swActivated(posPage);
    await posPage.reload();
    await posPage.getByRole('tab', { name: 'Coffee' }).waitFor();
    const before = (await orders()).length;

    await pos.setOffline(true);
    await posPage.reload();
    await posPage.getByText(/^Offline/).waitFor();
    await posPage.getByRole('tab', { name: 'Coffee' }).click();
    await posPage.getByRole('button', { name: /^Espresso/ }).click();
    await posPage
      .getByRole('dialog', { name: 'Espresso' })
      .getByRole('button', { name: /Add to order/ })
      .click();
    await posPage.getByRole('button', { name: 'Send to kitchen' }).click();
    await posPage.getByText('1 order pending').waitFor();
    await posPage.getByText('not sent yet').waitFor();

    // Cash while offline: the payment queues behind its order.
    const local = posPage.getByRole('article', { name: 'Order New order' });
    await local.getByRole('button', { name: 'Pay' }).click();
    const dialog = posPage.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Card' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Card' }).isDisabled()).toBe(true);
    await dialog.getByText('Card payments need the network.').waitFor();
    await dialog.getByRole('button', { name: 'Cash' }).click();
    await dialog.getByRole('group', { name: 'Quick amounts' }).getByRole('button').first().click();
    await dialog.getByRole('button', { name: 'Take cash' }).click();
    await dialog.getByText('Paid in full.').waitFor();
    await dialog.getByText('The receipt can be printed once the order is sent.').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    // One order and one payment, named apart (not "2 orders").
    await posPage.getByText('1 order and 1 payment pending').waitFor();

    // Logging out would lose the order: refused while it waits.
    await posPage.getByRole('button', { name: 'Log out' }).click({ force: true });
    await posPage
      .getByRole('alert')
      .getByText(/still waiting to be sent/)
      .waitFor();
    expect(posPage.url()).toContain('/pos');
    expect((await orders()).length).toBe(before);

    await pos.setOffline(false);
    await posPage
      .getByRole('status')
      .filter({ hasText: 'pending' })
      .waitFor({ state: 'detached', timeout: 30_000 });
    const after = await orders();
    expect(after.length).toBe(before + 1);
    const espresso = after.filter((o) => o.lines.some((l) => l.name === 'Espresso'));
    expect(espresso).toHaveLength(1);
    expect(espresso[0]).toMatchObject({ status: 'paid', balance: 0, paid_total: 220 });
    await posPage.getByRole('article', { name: `Order #${espresso[0]!.ticket_number}` }).waitFor();
  });

  it('admin edits a price and the POS shows it', async () => {
    const espressoPrice = async () =>
      (
        await server.json<{ data: { name: string; price: number }[] }>(
          'GET',
          '/products?limit=500',
          ownerToken,
        )
      ).data.find((p) => p.name === 'Espresso')!.price;
    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await admin.newPage();
      await signIn(page, server, 'owner@demo.test');
      await page.waitForURL('**/pos');
      await page.getByRole('link', { name: 'Admin' }).click();
      await page.getByRole('heading', { name: 'Products' }).waitFor();
      // Products are cards with an editor dialog (no grid since the admin rework).
      await page.getByLabel('Search products').fill('Espresso');
      await page.getByRole('button', { name: 'Edit Espresso', exact: true }).click();
      const editor = page.getByRole('dialog', { name: 'Edit Espresso' });
      await editor.getByLabel(/^Price/).fill('2.50');
      await editor.getByRole('button', { name: 'Save product' }).click();
      await page.getByRole('status').getByText('Saved Espresso.').waitFor();
      expect(await espressoPrice()).toBe(250);
      // The tables screen: each table's card carries its QR code.
      await page.getByRole('link', { name: 'Tables' }).click();
      await page.getByRole('img', { name: 'QR code for table T1' }).waitFor();
    } finally {
      await admin.close();
    }
    await posPage.getByRole('tab', { name: 'Coffee' }).click();
    await posPage.getByRole('button', { name: /^Espresso\s*€2\.50/ }).waitFor({ timeout: 15_000 });
    // The POS never downloaded admin code or ag-grid.
    expect(posRequests.filter((u) => /\/assets\/(Admin|ag-grid)-/.test(u))).toEqual([]);
  });
});
