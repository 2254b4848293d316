import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { decodeText, FakePrinter } from '../../worker/src/test/fake-printer';
import { lowContrast, unnamedControls } from './a11y';
import { launch, type Server, signIn, startServer } from './harness';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are free-form JSON in these tests
type Json = Record<string, any>;
const SHOTS = '.tmp/screens';

/**
 * The kitchen display in a real Chromium at tablet size: the station picker (remembered after a
 * reload), bump, undo and recall, ageing colours, held courses, readable sizes, no sideways scroll.
 */
describe.skipIf(!inject('chromium'))('kitchen display in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let owner: string;
  let waiter: string;
  let bar: Json;
  let menu: Json;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launch();
    owner = await server.token('owner@demo.test');
    waiter = await server.token('waiter@demo.test');
    menu = await server.json<Json>('GET', '/catalog', owner);
    const coffee = menu.categories.find((c: Json) => c.name === 'Coffee');
    const others = menu.categories.filter((c: Json) => c.id !== coffee.id).map((c: Json) => c.id);
    // The kitchen station takes every other category.
    await server.json('POST', '/stations', owner, {
      name: 'Kitchen',
      category_ids: others,
    });
    bar = await server.json('POST', '/stations', owner, {
      name: 'Bar',
      position: 1,
      category_ids: [coffee.id],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const product = (name: string) => menu.products.find((p: Json) => p.name === name);
  const order = (lines: Json[]) =>
    server.json<Json>('POST', '/orders', waiter, {
      id: crypto.randomUUID(),
      type: 'dine_in',
      lines: lines.map((l) => ({ id: crypto.randomUUID(), quantity: 1, ...l })),
    });
  const noSideScroll = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('picks a station, remembers it, bumps, undoes, recalls, ages tickets and greys held courses', async () => {
    const espresso = product('Espresso');
    const food = menu.products.find(
      (p: Json) => p.category_id !== espresso.category_id && !p.modifier_group_ids?.length,
    );
    const first = await order([
      { product_id: espresso.id, note: 'extra hot' },
      { product_id: espresso.id },
      { product_id: food.id, course: 2 },
    ]);
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await page.clock.install();
    await signIn(page, server, 'kitchen@demo.test');
    await page.waitForURL('**/kitchen');
    await page.getByRole('heading', { name: 'Kitchen' }).waitFor();
    const ticket = page.getByRole('article', { name: `Ticket #${first.ticket_number}` });
    await ticket.waitFor();
    // Expo by default: every station's lines, the held course greyed and not tappable.
    const held = ticket.getByRole('button', { name: new RegExp(`${food.name}: held, course 2`) });
    expect(await held.isDisabled()).toBe(true);
    await page.getByText('All day:').waitFor();
    await page.getByText(`2 × Espresso waiting`).waitFor();
    // The station picker, remembered on this device.
    await page.getByLabel('Station').selectOption({ label: 'Bar' });
    await ticket
      .getByRole('button', { name: new RegExp(`${food.name}`) })
      .waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: 'Kitchen' }).waitFor();
    await expect.poll(() => page.getByLabel('Station').inputValue()).toBe(bar.id);
    await ticket.waitFor();
    // Readable across the room: line text >= 20 px, modifiers and notes >= 16 px.
    const sizes = await ticket.evaluate((el) => ({
      line: Number.parseFloat(getComputedStyle(el.querySelector('.ticket-line .name')!).fontSize),
      small: Number.parseFloat(getComputedStyle(el.querySelector('.ticket-line small')!).fontSize),
      pill: Number.parseFloat(getComputedStyle(el.querySelector('.ticket-line .pill')!).fontSize),
    }));
    expect(sizes.line).toBeGreaterThanOrEqual(20);
    expect(sizes.small).toBeGreaterThanOrEqual(16);
    expect(sizes.pill).toBeGreaterThanOrEqual(16);
    // Sound is on by default, with a clear mute.
    await page.getByRole('button', { name: 'Mute sound' }).waitFor();
    expect(await ticket.getAttribute('data-age')).toBe('fresh');
    await page.screenshot({ path: `${SHOTS}/kitchen-bar-1024.png` });
    expect(await noSideScroll(page)).toBe(true);
    expect(await unnamedControls(page)).toEqual([]);
    expect(await lowContrast(page)).toEqual([]);

    // Ageing: amber at 8 minutes, red at 15 (the tenant's defaults).
    await page.clock.fastForward('09:00');
    await page.waitForFunction(
      (n) =>
        document.querySelector(`[aria-label="Ticket #${n}"]`)?.getAttribute('data-age') === 'amber',
      first.ticket_number,
    );
    await page.clock.fastForward('07:00');
    await page.waitForFunction(
      (n) =>
        document.querySelector(`[aria-label="Ticket #${n}"]`)?.getAttribute('data-age') === 'red',
      first.ticket_number,
    );
    await ticket.getByText(/16 min · late/).waitFor();
    await page.screenshot({ path: `${SHOTS}/kitchen-red-1024.png` });

    // Bump the bar's part all the way to served: the ticket leaves the bar, the held main stays.
    for (const to of ['preparing', 'ready', 'served']) {
      await ticket
        .getByRole('button', { name: `Mark ticket #${first.ticket_number} ${to}` })
        .click();
    }
    await ticket.waitFor({ state: 'detached' });
    // Undo brings it back one step (ready).
    await page
      .getByRole('button', { name: `Undo bump #${first.ticket_number}` })
      .first()
      .click();
    await ticket.waitFor();
    await ticket
      .getByRole('button', { name: /Espresso: ready/ })
      .first()
      .waitFor();
    // Recall lists what this screen bumped.
    await ticket
      .getByRole('button', { name: `Mark ticket #${first.ticket_number} served` })
      .click();
    await ticket.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /^Recall/ }).click();
    const recall = page.getByRole('region', { name: 'Recently bumped' });
    await recall.getByRole('button', { name: `Undo bump #${first.ticket_number}` }).waitFor();
    await page.screenshot({ path: `${SHOTS}/kitchen-recall-1024.png` });
    await recall.getByRole('button', { name: `Undo bump #${first.ticket_number}` }).click();
    await ticket.waitFor();

    // The kitchen station: the held main shows greyed until the waiter fires course 2.
    await page.getByLabel('Station').selectOption({ label: 'Kitchen' });
    const main = ticket.getByRole('button', { name: new RegExp(`${food.name}: held`) });
    await main.waitFor();
    await server.json('POST', `/orders/${first.id}/fire`, waiter, { course: 2 });
    await ticket
      .getByRole('button', { name: new RegExp(`${food.name}: queued, mark preparing`) })
      .waitFor();
    await context.close();
  });

  it('fits a phone too (390 × 844) with no sideways scroll', async () => {
    await order([{ product_id: product('Espresso').id, note: 'to go' }]);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, server, 'kitchen@demo.test');
    await page.waitForURL('**/kitchen');
    await page.getByRole('heading', { name: 'Kitchen' }).waitFor();
    await page.getByRole('article').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/kitchen-390.png`, fullPage: true });
    expect(await noSideScroll(page)).toBe(true);
    await context.close();
  });

  it('admin: a station gets a printer and its "print test page" button prints on it', async () => {
    const printer = await new FakePrinter().on();
    try {
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      const page = await context.newPage();
      await signIn(page, server, 'owner@demo.test');
      await page.waitForURL('**/pos');
      await page.goto(`${server.url}/admin/stations`);
      await page.getByRole('heading', { name: 'Stations' }).waitFor();
      const form = page.getByRole('form', { name: 'Bar' });
      await form.getByLabel('Printer address').fill('127.0.0.1');
      await form.getByLabel('Port').fill(String(printer.port));
      await form.getByRole('button', { name: 'Save Bar' }).click();
      await page.getByText('Saved Bar.').waitFor();
      await form.getByRole('button', { name: 'Print test page on Bar' }).click();
      await page.getByText('Test page sent.').waitFor();
      await expect.poll(() => printer.jobs.length, { timeout: 15_000 }).toBe(1);
      expect(decodeText(printer.jobs[0]!)).toContain('Station: Bar');
      await page.screenshot({ path: `${SHOTS}/admin-stations-1024.png`, fullPage: true });
      expect(await noSideScroll(page)).toBe(true);
      expect(await unnamedControls(page)).toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${SHOTS}/admin-stations-390.png` });
      // The admin shell (its 200 px side nav) is the admin screens' own; the stations screen
      // itself must not overflow its column.
      const overflow = await page.evaluate(() => {
        const el = document.querySelector('.stations')!;
        return el.scrollWidth - el.clientWidth;
      });
      expect(overflow).toBeLessThanOrEqual(0);
      await context.close();
    } finally {
      await printer.off();
    }
  });
});
