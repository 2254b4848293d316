import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Server, signIn, startServer } from './harness';

const screens = '.tmp/screens';

/**
 * The API reference at /api/docs as a person reads it, phone and tablet, and the POS screenshot
 * the README shows (copied from .tmp/screens/readme-pos.png to docs/img/pos.png by hand when the
 * POS changes).
 */
describe.skipIf(!inject('chromium'))('docs pages in Chromium', () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(screens, { recursive: true });
    server = await startServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const size of [
    { width: 390, height: 844 },
    { width: 1024, height: 768 },
  ]) {
    it(`/api/docs reads at ${size.width}×${size.height} with no sideways scroll`, async () => {
      const context = await browser.newContext({ viewport: size });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${server.url}/api/docs`);
      await page.getByRole('heading', { name: /Comanda API/ }).waitFor();
      await page.getByRole('link', { name: 'POST /api/v1/orders', exact: true }).click();
      await page.getByText('Create an order (client-generated id: safe to retry)').waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${screens}/api-docs-${size.width}x${size.height}.png` });
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('the POS with an order in the cart (the README screenshot)', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await signIn(page, server, 'cashier@demo.test');
    await page.waitForURL('**/pos');
    await page.getByRole('tab', { name: 'Coffee' }).click();
    await page.getByRole('button', { name: /^Cappuccino/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Cappuccino' });
    await dialog.getByRole('checkbox', { name: /Large/ }).check();
    await dialog.getByRole('checkbox', { name: /Oat milk/ }).check();
    await dialog.getByRole('button', { name: /Add to order/ }).click();
    await page.getByRole('button', { name: /^Flat White/ }).click();
    const flat = page.getByRole('dialog', { name: 'Flat White' });
    if (await flat.isVisible().catch(() => false)) {
      await flat.getByRole('checkbox').first().check();
      await flat.getByRole('button', { name: /Add to order/ }).click();
    }
    await page.getByRole('tab', { name: 'Cakes & Pastries' }).click();
    await page.getByRole('button', { name: /^Butter Croissant/ }).click();
    await page.getByRole('button', { name: 'More Butter Croissant' }).click();
    await page.getByRole('button', { name: 'Send to kitchen' }).waitFor();
    await page.screenshot({ path: `${screens}/readme-pos.png` });
    await context.close();
  });
});
