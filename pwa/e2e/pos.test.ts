import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Order } from '../src/api/types';
import { lowContrast, unnamedControls } from './a11y';
import { launch, type Server, signIn, startServer } from './harness';
import { checkLayout, FITS, inViewport, PHONE, TABLET } from './layout';

/**
 * The POS in the hand: a cashier on a 390×844 phone and on a 1024×768 tablet. Every screen and
 * dialog is checked for sideways overflow, tap sizes, its main action in view and a11y; actions
 * are driven through the UI and checked through the API. Steps build on each other.
 */
describe.skipIf(!inject('chromium'))('POS on a phone and a tablet', () => {
  let server: Server;
  let browser: Browser;
  let ownerToken: string;
  let phone: BrowserContext;
  let page: Page;

  const orders = async () =>
    (await server.json<{ data: Order[] }>('GET', '/orders?limit=100', ownerToken)).data;
  const a11y = async (p: Page, where: string) => {
    expect(await unnamedControls(p), `unnamed controls on ${where}`).toEqual([]);
    expect(await lowContrast(p), `low contrast on ${where}`).toEqual([]);
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    ownerToken = await server.token('owner@demo.test');
    phone = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
    page = await phone.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('phone: the POS fits, with the cart bar showing count and total', async () => {
    await signIn(page, server, 'cashier@demo.test');
    await page.waitForURL('**/pos');
    await page.getByRole('tab', { name: 'Coffee' }).waitFor();
    const bar = page.getByRole('button', { name: /^Cart · 0 items/ });
    expect(await checkLayout(page, 'pos', [bar])).toEqual(FITS);
    await a11y(page, 'POS on a phone');
    // Product tiles can be tapped (nothing covers them).
    await page.getByRole('button', { name: /^Espresso/ }).tap();
    await page.getByRole('dialog', { name: 'Espresso' }).waitFor();
    await page.getByRole('button', { name: /Add to order/ }).tap();
    await page.getByRole('button', { name: /^Cart · 1 item\s*€2\.20$/ }).waitFor();
  });

  it('phone: the modifier dialog fits with "Add to order" in view; two modifiers and a note', async () => {
    await page.getByRole('button', { name: /^Cappuccino/ }).tap();
    const dialog = page.getByRole('dialog', { name: 'Cappuccino' });
    const add = dialog.getByRole('button', { name: /Add to order/ });
    await add.waitFor();
    expect(await checkLayout(page, 'modifiers', [add])).toEqual(FITS);
    await a11y(page, 'modifier dialog');
    await dialog.getByRole('checkbox', { name: /Large/ }).check();
    await dialog.getByRole('checkbox', { name: /Oat milk/ }).check();
    await dialog.getByRole('textbox', { name: 'Note' }).fill('extra hot');
    await add.tap();
    await page.getByRole('button', { name: /^Cart · 2 items/ }).waitFor();
  });

  it('phone: the cart sheet fits; Send clears the table for the next order', async () => {
    await page.getByRole('button', { name: /^Cart · 2 items/ }).tap();
    const cart = page.getByRole('region', { name: 'Cart' });
    const send = cart.getByRole('button', { name: 'Send to kitchen' });
    const charge = cart.getByRole('button', { name: /^Charge/ });
    await send.waitFor();
    expect(await checkLayout(page, 'cart-sheet', [send, charge])).toEqual(FITS);
    await a11y(page, 'cart sheet');
    const tables = await server.json<{ data: { id: string; name: string }[] }>(
      'GET',
      '/tables',
      ownerToken,
    );
    const t1 = tables.data.find((t) => t.name === 'T1')!;
    await cart.getByRole('combobox', { name: 'Table' }).selectOption(t1.id);
    await send.tap();
    await expect.poll(async () => (await orders()).length, { timeout: 15_000 }).toBe(1);
    const [sent] = await orders();
    expect(sent!.table_id).toBe(t1.id);
    const coffee = sent!.lines.find((l) => l.name === 'Cappuccino')!;
    expect(coffee.modifiers.map((m) => m.name).sort()).toEqual(['Large', 'Oat milk']);
    expect(coffee.note).toBe('extra hot');
    // The next order starts without that table.
    await page.getByRole('button', { name: /^Cart · 0 items/ }).tap();
    expect(await cart.getByRole('combobox', { name: 'Table' }).inputValue()).toBe('');
    await cart.getByRole('button', { name: 'Close the cart' }).tap();
  });

  it('phone: the offline banner stays in view while the page scrolls', async () => {
    await phone.setOffline(true);
    await page.evaluate(() => window.dispatchEvent(new Event('offline')));
    const banner = page.getByText(/^Offline:/);
    await banner.waitFor();
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect(await inViewport(banner)).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await phone.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await banner.waitFor({ state: 'detached' });
  });

  it('tablet: the POS, the modifier dialog and the payment dialog fit', async () => {
    const tablet = await browser.newContext({ viewport: TABLET });
    try {
      const p = await tablet.newPage();
      await signIn(p, server, 'cashier@demo.test');
      await p.getByRole('tab', { name: 'Coffee' }).waitFor();
      const charge = p.getByRole('button', { name: /^Charge/ });
      expect(await checkLayout(p, 'pos', [charge])).toEqual(FITS);
      await a11y(p, 'POS on a tablet');
      await p.getByRole('button', { name: /^Cappuccino/ }).click();
      const add = p.getByRole('dialog', { name: 'Cappuccino' }).getByRole('button', {
        name: /Add to order/,
      });
      expect(await checkLayout(p, 'modifiers', [add])).toEqual(FITS);
      await p.getByRole('dialog').getByRole('checkbox', { name: /Small/ }).check();
      await add.click();
      await charge.click();
      const pay = p.getByRole('dialog', { name: /Pay order/ });
      const cash = pay.getByRole('button', { name: 'Cash' });
      await cash.waitFor();
      expect(await checkLayout(p, 'payment', [cash])).toEqual(FITS);
      await a11y(p, 'payment dialog');
      await pay.getByRole('button', { name: 'Close' }).click();
    } finally {
      await tablet.close();
    }
  });

  for (const [name, viewport] of [
    ['phone', PHONE],
    ['tablet', TABLET],
  ] as const) {
    it(`${name}: the Orders (history) and Shift screens fit`, async () => {
      const context = await browser.newContext({ viewport });
      try {
        const p = await context.newPage();
        await signIn(p, server, 'cashier@demo.test');
        await p.getByRole('tab', { name: 'Coffee' }).waitFor();
        await p
          .getByRole('navigation', { name: 'Screens' })
          .getByRole('link', { name: 'Orders' })
          .click();
        const search = p.getByRole('searchbox', { name: /Search by ticket/ });
        await p.getByRole('article').first().waitFor();
        expect(await checkLayout(p, 'history', [search])).toEqual(FITS);
        await a11y(p, `history on a ${name}`);
        await p
          .getByRole('navigation', { name: 'Screens' })
          .getByRole('link', { name: 'Shift' })
          .click();
        const open = p.getByRole('button', { name: /Open (the )?shift/ });
        await open.waitFor();
        expect(await checkLayout(p, 'shift', [open])).toEqual(FITS);
        await a11y(p, `shift on a ${name}`);
      } finally {
        await context.close();
      }
    });
  }
});
