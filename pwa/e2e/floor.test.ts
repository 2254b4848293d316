import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Catalog, Order } from '../src/api/types';
import { launch, type Server, signIn, startServer, swActivated } from './harness';

const SCREENS = '.tmp/screens';

/**
 * Table service in a real Chromium against the real Node server: a waiter on a phone and a
 * cashier on a tablet serve the same floor. Each sees the other's changes live; a party moves
 * from T3 to T7, their bill is split by seat and both bills are paid, two tables are merged.
 * Steps build on each other, so the file runs in order.
 */
describe.skipIf(!inject('chromium'))('floor plan in Chromium (phone and tablet)', () => {
  let server: Server;
  let browser: Browser;
  let phone: Page;
  let tablet: Page;
  let owner: string;
  let products: { id: string; name: string }[];
  let tables: { id: string; name: string }[];
  let party: Order;

  const tableId = (name: string) => tables.find((t) => t.name === name)!.id;
  const line = (i: number, seat?: number) => ({
    id: crypto.randomUUID(),
    product_id: products[i % products.length]!.id,
    quantity: 1,
    ...(seat ? { seat } : {}),
  });
  const order = (table: string, lines: unknown[]) =>
    server.json<Order>('POST', '/orders', owner, {
      id: crypto.randomUUID(),
      type: 'dine_in',
      table_id: tableId(table),
      lines,
    });
  const tableButton = (page: Page, name: string, status?: string) =>
    page.getByRole('button', { name: new RegExp(`^${name}, ${status ?? ''}`) });
  const shoot = (page: Page, name: string) =>
    page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
  const noSideways = async (page: Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      page.viewportSize()!.width,
    );

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    server = await startServer();
    browser = await launch();
    owner = await server.token('owner@demo.test');
    const catalog = await server.json<Catalog>('GET', '/catalog', owner);
    products = catalog.products.filter(
      (p) => p.available !== false && !(p.modifier_group_ids ?? []).length,
    );
    tables = (await server.json<{ data: { id: string; name: string }[] }>('GET', '/tables', owner))
      .data;
    party = await order('T3', [line(0, 1), line(1, 1), line(2, 2)]);
    // Service runs in a shift, so cash goes straight into the drawer (no "no shift" warning).
    await server.json('POST', '/shifts', owner, { opening_float: 10_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the floor on a phone and a tablet, areas as tabs, T3 busy', async () => {
    const p = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
    phone = await p.newPage();
    await signIn(phone, server, 'waiter@demo.test');
    await phone.waitForURL('**/pos');
    await phone.getByRole('link', { name: 'Floor' }).click();
    await phone.getByRole('tab', { name: 'Inside' }).waitFor();
    await tableButton(phone, 'T3', 'ordered').waitFor();
    await tableButton(phone, 'T1', 'free').waitFor();

    const t = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    tablet = await t.newPage();
    await signIn(tablet, server, 'cashier@demo.test');
    await tablet.waitForURL('**/pos');
    await tablet.goto(`${server.url}/floor`);
    await tableButton(tablet, 'T3', 'ordered').waitFor();
    await shoot(phone, 'floor-phone');
    await shoot(tablet, 'floor-tablet');
    await noSideways(phone);
    await noSideways(tablet);
  });

  it("turns a table's colour live when another device orders there", async () => {
    await tableButton(tablet, 'T1', 'free').waitFor();
    await order('T1', [line(0)]);
    await tableButton(tablet, 'T1', 'ordered').waitFor({ timeout: 10_000 });
    await tableButton(phone, 'T1', 'ordered').waitFor({ timeout: 10_000 });
  });

  it('moves the party from T3 to T7 from the phone; the tablet follows', async () => {
    await tableButton(phone, 'T3').click();
    const sheet = phone.getByRole('dialog', { name: 'Table T3' });
    await shoot(phone, 'floor-table-sheet-phone');
    await sheet.getByRole('button', { name: `Move #${party.ticket_number}` }).click();
    await sheet.getByRole('button', { name: 'Move to T7' }).click();
    await tableButton(phone, 'T3', 'free').waitFor();
    await tablet.getByRole('tab', { name: 'Terrace' }).click();
    await tableButton(tablet, 'T7', 'ordered').waitFor({ timeout: 10_000 });
    await expect
      .poll(async () => (await server.json<Order>('GET', `/orders/${party.id}`, owner)).table_id)
      .toBe(tableId('T7'));
  });

  it('splits the bill by seat on the tablet and pays both bills in cash', async () => {
    await tableButton(tablet, 'T7').click();
    const sheet = tablet.getByRole('dialog', { name: 'Table T7' });
    await sheet.getByRole('button', { name: `Split #${party.ticket_number}` }).click();
    const split = tablet.getByRole('dialog', { name: `Split bill #${party.ticket_number}` });
    await split.getByRole('tab', { name: 'By seat' }).click();
    await split.getByText('Seat 2').waitFor();
    await shoot(tablet, 'split-by-seat-tablet');
    await split.getByRole('button', { name: 'Split into 2 bills by seat' }).click();
    await split
      .getByRole('button', { name: /^Print bill #/ })
      .nth(1)
      .waitFor();
    const open = async () =>
      (
        await server.json<{ data: Order[] }>(
          'GET',
          `/orders?table_id=${tableId('T7')}&status=open`,
          owner,
        )
      ).data;
    const bills = await open();
    expect(bills).toHaveLength(2);
    expect(bills.reduce((s, o) => s + o.total, 0)).toBe(party.total);
    for (const [i, bill] of bills.entries()) {
      if (i === 0) {
        await split.getByRole('button', { name: `Pay #${bill.ticket_number}` }).click();
      } else {
        // Paying a bill returns to the split screen; this one is closed to use the sheet.
        await split.getByRole('button', { name: 'Done' }).click();
        // Each bill on its own: the next one from the table's sheet.
        await tableButton(tablet, 'T7').click();
        await sheet.getByRole('button', { name: `Pay #${bill.ticket_number}` }).click();
      }
      const pay = tablet.getByRole('dialog', { name: `Pay order #${bill.ticket_number}` });
      await pay.getByRole('button', { name: 'Cash' }).click();
      await pay.getByRole('button', { name: 'Take cash' }).waitFor();
      await pay.getByRole('group', { name: 'Quick amounts' }).getByRole('button').first().click();
      await pay.getByRole('button', { name: 'Take cash' }).click();
      await pay.getByText('Paid in full.').waitFor({ timeout: 15_000 });
      await pay.getByRole('button', { name: 'Done' }).click();
    }
    await expect.poll(async () => (await open()).length, { timeout: 15_000 }).toBe(0);
    await tableButton(tablet, 'T7', 'paid').waitFor({ timeout: 10_000 });
    await phone.getByRole('tab', { name: 'Terrace' }).click();
    await tableButton(phone, 'T7', 'paid').waitFor({ timeout: 10_000 });
  });

  it('merges T5 into T1 from the phone', async () => {
    const t5 = await order('T5', [line(1)]);
    const [t1] = (
      await server.json<{ data: Order[] }>(
        'GET',
        `/orders?table_id=${tableId('T1')}&status=open`,
        owner,
      )
    ).data;
    await phone.getByRole('tab', { name: 'Inside' }).click();
    await tableButton(phone, 'T1').click();
    const sheet = phone.getByRole('dialog', { name: 'Table T1' });
    await sheet.getByRole('button', { name: `Merge into #${t1!.ticket_number}` }).click();
    await shoot(phone, 'floor-merge-phone');
    await sheet.getByRole('button', { name: `Merge #${t5.ticket_number} (T5)` }).click();
    await expect
      .poll(async () => (await server.json<Order>('GET', `/orders/${t5.id}`, owner)).status, {
        timeout: 15_000,
      })
      .toBe('void');
    const merged = await server.json<Order>('GET', `/orders/${t1!.id}`, owner);
    expect(merged.total).toBe(t1!.total + t5.total);
    await phone.getByRole('tab', { name: 'Terrace' }).click();
    await tableButton(phone, 'T5', 'free').waitFor({ timeout: 10_000 });
    await tablet.getByRole('tab', { name: 'Terrace' }).click();
    await tableButton(tablet, 'T5', 'free').waitFor({ timeout: 10_000 });
    await shoot(tablet, 'floor-after-tablet');
  });

  it('keeps the last floor offline and sends a queued move when back online', async () => {
    const t2 = await order('T2', [line(0)]);
    await phone.getByRole('tab', { name: 'Inside' }).click();
    await tableButton(phone, 'T2', 'ordered').waitFor({ timeout: 10_000 });
    // Controlled by the service worker first, so the app itself loads offline.
    await swActivated(phone);
    await phone.reload();
    await phone.getByRole('tab', { name: 'Inside' }).waitFor();
    await phone.context().setOffline(true);
    await phone.reload();
    await phone.getByRole('tab', { name: 'Inside' }).click();
    await tableButton(phone, 'T2', 'ordered').waitFor();
    await tableButton(phone, 'T2').click();
    await phone
      .getByRole('dialog', { name: 'Table T2' })
      .getByRole('button', { name: `Move #${t2.ticket_number}` })
      .click();
    await phone.getByRole('button', { name: 'Move to T4' }).click();
    await tableButton(phone, 'T4', 'ordered').waitFor();
    await phone.getByText(/1 table change pending/).waitFor();
    expect((await server.json<Order>('GET', `/orders/${t2.id}`, owner)).table_id).toBe(
      tableId('T2'),
    );
    await phone.context().setOffline(false);
    await expect
      .poll(async () => (await server.json<Order>('GET', `/orders/${t2.id}`, owner)).table_id, {
        timeout: 30_000,
      })
      .toBe(tableId('T4'));
  });

  it('lets the owner drag a table on the floor editor', async () => {
    for (const viewport of [
      { width: 1024, height: 768 },
      { width: 390, height: 844 },
    ]) {
      const ctx = await browser.newContext({ viewport });
      const page = await ctx.newPage();
      await signIn(page, server, 'owner@demo.test');
      await page.waitForURL('**/pos');
      await page.goto(`${server.url}/admin/floor`);
      const t6 = page.getByRole('button', { name: /^T6 at/ });
      await page.getByRole('tab', { name: 'Terrace' }).click();
      await t6.waitFor();
      const before = (
        await server.json<{ layout: { x: number; y: number } }>(
          'GET',
          `/tables/${tableId('T6')}`,
          owner,
        )
      ).layout;
      const box = (await t6.boundingBox())!;
      const canvas = (await page.getByRole('tabpanel', { name: 'Floor layout' }).boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + canvas.height * 0.3, {
        steps: 5,
      });
      await page.mouse.up();
      await expect
        .poll(
          async () =>
            (await server.json<{ layout: { y: number } }>('GET', `/tables/${tableId('T6')}`, owner))
              .layout.y,
        )
        .toBeGreaterThan(before.y + 20);
      await shoot(page, `floor-editor-${viewport.width}`);
      await noSideways(page);
      // Put it back for the next size.
      await server.json('PATCH', `/tables/${tableId('T6')}`, owner, { layout: before });
      await ctx.close();
    }
  });
});
