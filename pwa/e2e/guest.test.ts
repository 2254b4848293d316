import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StripeEmulator } from '../../worker/src/test/stripe-emulator';
import type { Order, Table } from '../src/api/types';
import { launch, type Server, startServerWithStripe, swActivated } from './harness';

const WEBHOOK_SECRET = 'whsec_e2e_guest';

/** A guest at a table: QR URL → menu → "Place order" → the status changes live; offline repeat visit. */
describe.skipIf(!inject('chromium'))('guest QR ordering in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let kitchenToken: string;
  let table: Table;

  const stripe = new StripeEmulator();

  beforeAll(async () => {
    server = await startServerWithStripe(stripe, WEBHOOK_SECRET);
    browser = await launch();
    const owner = await server.token('owner@demo.test');
    kitchenToken = await server.token('kitchen@demo.test');
    const tables = await server.json<{ data: Table[] }>('GET', '/tables', owner);
    table = tables.data.find((t) => t.name === 'T3')!;
    phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    page = await phone.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await stripe.stop();
  });

  it('orders from the table QR URL and follows the status live', async () => {
    await page.goto(`${server.url}/t/${table.qr_token}`);
    await page.getByText('Table T3').waitFor();
    await page.getByRole('button', { name: /^Black Tea/ }).click();
    await page.getByRole('button', { name: /^Cappuccino/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Cappuccino' });
    await dialog.getByRole('checkbox', { name: /Small/ }).check();
    await dialog.getByRole('button', { name: /Add to order/ }).click();
    await page.getByRole('button', { name: 'Place order' }).click();

    const card = page.getByRole('article', { name: /^Order #\d+$/ });
    await card.waitFor();
    await card.getByText('queued').first().waitFor();
    const ticket = Number((await card.getAttribute('aria-label'))!.replace('Order #', ''));
    const [order] = (
      await server.json<{ data: Order[] }>('GET', '/orders?limit=10', kitchenToken)
    ).data.filter((o) => o.ticket_number === ticket);
    expect(order!.source).toBe('qr');
    expect(order!.table_id).toBe(table.id);

    // The kitchen starts it: the guest's page changes without a reload.
    await server.json('POST', `/orders/${order!.id}/bump`, kitchenToken, { status: 'preparing' });
    await card.getByText('preparing').first().waitFor({ timeout: 15_000 });
    expect(await card.getByText('queued').count()).toBe(0);
    await server.json('POST', `/orders/${order!.id}/bump`, kitchenToken, { status: 'ready' });
    await card.getByText('ready').first().waitFor({ timeout: 15_000 });
    expect(await card.getByRole('button', { name: 'Pay now' }).count()).toBe(1);
  });

  it('shows the menu from cache on a repeat visit while offline', async () => {
    await swActivated(page);
    await page.reload(); // now controlled by the service worker
    await page.getByRole('button', { name: /^Black Tea/ }).waitFor();
    await phone.setOffline(true);
    const started = Date.now();
    await page.reload();
    await page.getByRole('button', { name: /^Black Tea/ }).waitFor();
    expect(Date.now() - started).toBeLessThan(10_000);
    await page.getByText(/You are offline/).waitFor();
    await page.getByRole('article', { name: /^Order #\d+$/ }).waitFor();
    await phone.setOffline(false);
  });

  it('pays with "Pay now" through Stripe Checkout and comes back to a paid order', async () => {
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.waitForURL(`${stripe.base}/pay/**`);
    const { session, res } = await stripe.settleLatest(server.url, WEBHOOK_SECRET);
    expect(res.status).toBe(200);
    // Stripe sends the guest to the success URL, which leads back to the table's page.
    await page.goto(session.success_url);
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    await page.getByRole('link', { name: 'Back to your order' }).click();
    const card = page.getByRole('article', { name: /^Order #\d+$/ });
    await card.getByText('paid', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await card.getByRole('button', { name: 'Pay now' }).count()).toBe(0);
  });
});
