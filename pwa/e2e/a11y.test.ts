import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Table } from '../src/api/types';
import { lowContrast, unnamedControls } from './a11y';
import { launch, PASSWORD, type Server, startServer } from './harness';

/** Every control named, AA contrast, and the main paths work from the keyboard alone. */
describe.skipIf(!inject('chromium'))('accessibility in Chromium', () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const check = async (page: Page, where: string) => {
    expect(await unnamedControls(page), `unnamed controls on ${where}`).toEqual([]);
    expect(await lowContrast(page), `low contrast on ${where}`).toEqual([]);
  };

  it('login, POS, dialogs and kitchen: named controls and AA contrast, by keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').waitFor();
    await check(page, 'login');

    // Sign in with the keyboard only.
    await page.getByLabel('Email').focus();
    await page.keyboard.type('manager@demo.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/pos');
    await page.getByRole('tab', { name: 'Coffee' }).waitFor();
    await check(page, 'POS');

    // Category tabs by arrow keys; a product by Enter; the dialog by keyboard.
    await page.getByRole('tab', { name: 'Coffee' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(
      await page.getByRole('tab', { name: 'Tea & Chocolate' }).getAttribute('aria-selected'),
    ).toBe('true');
    await page.getByRole('button', { name: /^Chai Latte/ }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Chai Latte' });
    await dialog.waitFor();
    await check(page, 'modifier dialog');
    await dialog.getByRole('checkbox', { name: /Medium/ }).focus();
    await page.keyboard.press('Space');
    await dialog.getByRole('button', { name: /Add to order/ }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Send to kitchen' }).focus();
    await page.keyboard.press('Enter');
    const card = page.getByRole('article', { name: /^Order #\d+$/ });
    await card.waitFor();
    await card.getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cash' }).click();
    await check(page, 'payment dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Kitchen' }).click();
    await page.getByRole('heading', { name: 'Kitchen' }).waitFor();
    await page.getByRole('article', { name: /^Ticket #\d+$/ }).waitFor();
    await check(page, 'kitchen');
    await context.close();
  });

  it('guest page: named controls and AA contrast on a phone', async () => {
    const owner = await server.token('owner@demo.test');
    const table = (await server.json<{ data: Table[] }>('GET', '/tables', owner)).data[0]!;
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/t/${table.qr_token}`);
    await page.getByRole('button', { name: /^Black Tea/ }).click();
    await page.getByRole('button', { name: 'Place order' }).waitFor();
    await check(page, 'guest');
    await context.close();
  });
});
