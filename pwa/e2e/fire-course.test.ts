import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Catalog, Order } from '../src/api/types';
import { lowContrast, unnamedControls } from './a11y';
import { launch, type Server, signIn, startServer } from './harness';
import { checkLayout, FITS, SIZES, screenshot, TABLET } from './layout';

/**
 * The waiter's "Fire course 2" on the table's tab, at phone and tablet size: one tap, and the held
 * lines greyed "held" on the kitchen display (a tablet beside it) turn live; the API shows them
 * fired. Each size gets its own order at its own table.
 */
describe.skipIf(!inject('chromium'))('firing a held course from the table’s tab', () => {
  let server: Server;
  let browser: Browser;
  let owner: string;
  let waiter: string;
  let catalog: Catalog;
  let tables: { id: string; name: string }[];
  let kitchen: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    owner = await server.token('owner@demo.test');
    waiter = await server.token('waiter@demo.test');
    catalog = await server.json<Catalog>('GET', '/catalog', owner);
    tables = (await server.json<{ data: { id: string; name: string }[] }>('GET', '/tables', owner))
      .data;
    const display = await browser.newContext({ viewport: TABLET });
    kitchen = await display.newPage();
    await signIn(kitchen, server, 'kitchen@demo.test');
    await kitchen.waitForURL('**/kitchen');
    await kitchen.getByRole('heading', { name: 'Kitchen' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const product = (name: string) => catalog.products.find((p) => p.name === name)!.id;

  for (const [i, size] of SIZES.entries()) {
    it(`${size.name} (${size.viewport.width} × ${size.viewport.height}): one tap fires course 2`, async () => {
      const table = tables[2 + i]!;
      const order = await server.json<Order>('POST', '/orders', waiter, {
        id: crypto.randomUUID(),
        type: 'dine_in',
        table_id: table.id,
        lines: [
          { id: crypto.randomUUID(), product_id: product('Bircher Muesli'), quantity: 1 },
          {
            id: crypto.randomUUID(),
            product_id: product('Vegan Wrap'),
            quantity: 2,
            course: 2,
          },
        ],
      });
      const ticket = kitchen.getByRole('article', { name: `Ticket #${order.ticket_number}` });
      const held = ticket.getByRole('button', { name: '2× Vegan Wrap: held, course 2' });
      await held.waitFor();
      expect(await held.isDisabled()).toBe(true);
      await screenshot(kitchen, `fire-course-${size.name}-kitchen-held`);

      const context = await browser.newContext({
        viewport: size.viewport,
        hasTouch: true,
        isMobile: size.name === 'phone',
      });
      const page = await context.newPage();
      await signIn(page, server, 'waiter@demo.test');
      await page.waitForURL('**/pos');
      await page.goto(`${server.url}/pos?table=${table.id}`);
      const tab = page.getByRole('article', { name: `Order #${order.ticket_number}` });
      const fire = tab.getByRole('button', { name: 'Fire course 2' });
      if (size.name === 'phone') {
        // On a phone the tab is below the whole menu: the bar at the bottom opens it in one tap.
        const open = page.getByRole('button', { name: 'Tab · 3 items' });
        await open.tap();
        const sheet = page.getByRole('region', { name: 'Tab' });
        await sheet.getByRole('heading', { name: `Tab · ${table.name}` }).waitFor();
        // Only this table's open orders, with the course to fire in view without scrolling.
        expect(await sheet.getByRole('article').count()).toBe(1);
        await sheet.getByRole('button', { name: 'Fire course 2' }).waitFor();
      } else {
        // A tablet shows the open orders beside or below the menu: a scroll away.
        await fire.waitFor();
        await fire.scrollIntoViewIfNeeded();
      }
      expect(await checkLayout(page, `fire-course-${size.name}`, [fire])).toEqual(FITS);
      expect(await unnamedControls(page)).toEqual([]);
      expect(await lowContrast(page)).toEqual([]);

      await fire.tap();
      // The button goes: course 2 was the last held course.
      await tab.getByRole('button', { name: /^Fire course/ }).waitFor({ state: 'detached' });
      await screenshot(page, `fire-course-${size.name}-fired`);
      if (size.name === 'phone') {
        // The sheet closes back to the menu and its bar, still showing the tab.
        await page.getByRole('button', { name: 'Close the tab' }).tap();
        await page.getByRole('button', { name: 'Tab · 3 items' }).waitFor();
        await page.getByRole('button', { name: /^Cart · 0 items|^Add to #/ }).waitFor();
      }
      const after = await server.json<Order>('GET', `/orders/${order.id}`, owner);
      const wrap = after.lines.find((l) => l.course === 2)!;
      expect(wrap.fired_at).not.toBeNull();
      const muesli = after.lines.find((l) => l.course === 1)!;
      expect(new Date(wrap.fired_at!).getTime()).toBeGreaterThan(
        new Date(muesli.fired_at!).getTime(),
      );

      // The display: the held wrap is live, tappable, queued for the cook.
      await ticket
        .getByRole('button', { name: '2× Vegan Wrap: queued, mark preparing' })
        .waitFor({ timeout: 10_000 });
      expect(await ticket.getByRole('button', { name: /held/ }).count()).toBe(0);
      await screenshot(kitchen, `fire-course-${size.name}-kitchen`);
      await context.close();
    });
  }
});
