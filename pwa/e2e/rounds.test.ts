import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Catalog, Order } from '../src/api/types';
import { lowContrast, unnamedControls } from './a11y';
import { launch, type Server, signIn, startServer } from './harness';
import { checkLayout, FITS, PHONE, TABLET } from './layout';

/**
 * A table's tab on a waiter's phone: an order at T2 with a line per seat (the cake's category
 * defaults to course 2, so it is held), then a round from the floor onto the same order with a
 * line for seat 3. Checked through the API: the seats and courses chosen, and the round added
 * only its own line (the first lines keep their ids and kitchen state). Steps run in order.
 */
describe.skipIf(!inject('chromium'))('tabs and rounds with seats and courses', () => {
  let server: Server;
  let browser: Browser;
  let owner: string;
  let page: Page;
  let t2: string;
  let tab: Order;

  const byName = (o: Order, name: string) => o.lines.find((l) => l.name === name)!;
  const tabsAt = async (tableId: string) =>
    (
      await server.json<{ data: Order[] }>('GET', '/orders?status=open&limit=100', owner)
    ).data.filter((o) => o.table_id === tableId);
  const addProduct = async (p: Page, tab: string, name: string) => {
    await p.getByRole('tab', { name: tab }).tap();
    await p.getByRole('button', { name: new RegExp(`^${name}`) }).tap();
    // The cart (and its status line) is a closed sheet on a phone: present, not visible.
    await p.locator('.cart-status').getByText(`Added ${name}.`).waitFor({ state: 'attached' });
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    owner = await server.token('owner@demo.test');
    // Cakes come after the main course: their category defaults to course 2.
    const catalog = await server.json<Catalog>('GET', '/catalog', owner);
    const cakes = catalog.categories.find((c) => c.name === 'Cakes & Pastries')!;
    await server.json('PATCH', `/categories/${cakes.id}`, owner, { default_course: 2 });
    const tables = await server.json<{ data: { id: string; name: string }[] }>(
      'GET',
      '/tables',
      owner,
    );
    t2 = tables.data.find((t) => t.name === 'T2')!.id;
    const phone = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
    page = await phone.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('starts an order at T2 from the floor with a line on seat 1 and a course-2 line on seat 2', async () => {
    await signIn(page, server, 'waiter@demo.test');
    await page.waitForURL('**/pos');
    await page.goto(`${server.url}/floor`);
    await page.getByRole('button', { name: /^T2, free/ }).tap();
    await page
      .getByRole('dialog', { name: 'Table T2' })
      .getByRole('button', { name: 'Start an order at T2' })
      .tap();
    await page.waitForURL(`**/pos?table=${t2}`);
    await addProduct(page, 'Tea & Chocolate', 'Black Tea');
    await addProduct(page, 'Cakes & Pastries', 'Carrot Cake');
    await page.getByRole('button', { name: /^Cart · 2 items/ }).tap();

    const cart = page.getByRole('region', { name: 'Cart' });
    const teaSeat = cart.getByRole('combobox', { name: 'Seat for Black Tea' });
    const cakeSeat = cart.getByRole('combobox', { name: 'Seat for Carrot Cake' });
    const cakeCourse = cart.getByRole('combobox', { name: 'Course for Carrot Cake' });
    // Defaults that need no tap: no seat, the course of the product's category.
    expect(await teaSeat.inputValue()).toBe('');
    expect(await cart.getByRole('combobox', { name: 'Course for Black Tea' }).inputValue()).toBe(
      '1',
    );
    expect(await cakeCourse.inputValue()).toBe('2');
    // T2 has four seats: "No seat" and seats 1 to 4.
    expect(await teaSeat.locator('option').allTextContents()).toEqual([
      'No seat',
      'Seat 1',
      'Seat 2',
      'Seat 3',
      'Seat 4',
    ]);
    await teaSeat.selectOption('1');
    await cakeSeat.selectOption('2');

    const send = cart.getByRole('button', { name: 'Send to kitchen' });
    expect(await checkLayout(page, 'rounds-cart', [send])).toEqual(FITS);
    expect(await unnamedControls(page)).toEqual([]);
    expect(await lowContrast(page)).toEqual([]);
    await send.tap();

    await expect.poll(async () => (await tabsAt(t2)).length, { timeout: 15_000 }).toBe(1);
    tab = (await tabsAt(t2))[0]!;
    expect(tab.lines).toHaveLength(2);
    expect(byName(tab, 'Black Tea')).toMatchObject({ seat: 1, course: 1 });
    expect(byName(tab, 'Carrot Cake')).toMatchObject({ seat: 2, course: 2 });
    // Course 2 waits for "Fire course 2"; course 1 went to the kitchen at once.
    expect(byName(tab, 'Black Tea').fired_at).not.toBeNull();
    expect(byName(tab, 'Carrot Cake').fired_at).toBeNull();
  });

  it('adds a round from the floor onto the same tab: one new line on seat 3', async () => {
    await page.goto(`${server.url}/floor`);
    await page.getByRole('button', { name: /^T2, / }).tap();
    await page
      .getByRole('dialog', { name: 'Table T2' })
      .getByRole('button', { name: 'Add a round at T2' })
      .tap();
    await page.waitForURL(`**/pos?table=${t2}`);
    // The table's open order is the target: the cart adds a round to it, no new order.
    const addTo = `Add to #${tab.ticket_number}`;
    await page.getByRole('button', { name: new RegExp(`^${addTo} · 0 items`) }).waitFor();
    // The tab's card shows each line's seat and course.
    const card = page.getByRole('article', { name: `Order #${tab.ticket_number}` });
    await card.getByText('S2 · course 2').waitFor();
    await card.getByText('S1 · course 1').waitFor();

    await addProduct(page, 'Tea & Chocolate', 'Green Tea');
    await page.getByRole('button', { name: new RegExp(`^${addTo} · 1 item`) }).tap();
    const cart = page.getByRole('region', { name: 'Cart' });
    await cart.getByRole('combobox', { name: 'Seat for Green Tea' }).selectOption('3');
    const send = cart.getByRole('button', { name: addTo, exact: true });
    expect(await checkLayout(page, 'rounds-round', [send])).toEqual(FITS);
    await send.tap();

    await expect
      .poll(
        async () => (await server.json<Order>('GET', `/orders/${tab.id}`, owner)).lines.length,
        {
          timeout: 15_000,
        },
      )
      .toBe(3);
    const after = await server.json<Order>('GET', `/orders/${tab.id}`, owner);
    expect(await tabsAt(t2)).toHaveLength(1);
    // The first two lines are untouched (same ids, the cake still held); only Green Tea is new.
    for (const before of tab.lines) {
      expect(after.lines.find((l) => l.id === before.id)).toMatchObject({
        name: before.name,
        seat: before.seat,
        course: before.course,
        fired_at: before.fired_at,
      });
    }
    const round = after.lines.filter((l) => !tab.lines.some((b) => b.id === l.id));
    expect(round).toHaveLength(1);
    expect(round[0]).toMatchObject({ name: 'Green Tea', seat: 3, course: 1 });
    expect(round[0]!.fired_at).not.toBeNull();
    await card.getByText('S3 · course 1').waitFor();
    expect(await checkLayout(page, 'rounds-tab')).toEqual(FITS);
    expect(await lowContrast(page)).toEqual([]);
  });

  it('fits a tablet: the cart at a table shows seat and course beside each line', async () => {
    const tablet = await browser.newContext({ viewport: TABLET, hasTouch: true });
    const p = await tablet.newPage();
    await signIn(p, server, 'waiter@demo.test');
    await p.waitForURL('**/pos');
    await p.goto(`${server.url}/pos?table=${t2}`);
    await p.getByRole('heading', { name: `Add to #${tab.ticket_number}` }).waitFor();
    await addProduct(p, 'Cakes & Pastries', 'Cinnamon Roll');
    const cart = p.getByRole('region', { name: 'Cart' });
    expect(
      await cart.getByRole('combobox', { name: 'Course for Cinnamon Roll' }).inputValue(),
    ).toBe('2');
    const send = cart.getByRole('button', { name: `Add to #${tab.ticket_number}`, exact: true });
    expect(await checkLayout(p, 'rounds-tablet', [send])).toEqual(FITS);
    await tablet.close();
  });
});
