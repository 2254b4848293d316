import { mkdirSync } from 'node:fs';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Table } from '../src/api/types';
import { launch, type Server, signIn, startServer } from './harness';

const SCREENS = '.tmp/screens';
const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 1024, height: 768 },
] as const;

/** Watches a page for CSP violations (Chromium reports each on the console) and script errors. */
function violations(page: Page): string[] {
  const found: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) found.push(m.text());
  });
  page.on('pageerror', (e) => found.push(`page error: ${e.message}`));
  return found;
}

/**
 * The guest's first second and the CSP: the server-rendered menu reads with JavaScript off, the
 * hydrated page works, the 404 page speaks words, and every screen (staff and guest) runs under the
 * CSP without a single violation.
 */
describe.skipIf(!inject('chromium'))('delivery in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let table: Table;

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    server = await startServer();
    browser = await launch();
    const owner = await server.token('owner@demo.test');
    table = (await server.json<{ data: Table[] }>('GET', '/tables', owner)).data[0]!;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the menu with JavaScript off: tenant, table, categories, prices', async () => {
    for (const size of SIZES) {
      const context = await browser.newContext({
        viewport: { width: size.width, height: size.height },
        javaScriptEnabled: false,
      });
      const page = await context.newPage();
      const res = await page.goto(`${server.url}/t/${table.qr_token}`);
      expect(res!.status()).toBe(200);
      await page.getByRole('heading', { name: 'Café Comanda' }).waitFor();
      await page.getByText(`Table ${table.name}`).waitFor();
      const product = page.getByRole('button', { name: /^Black Tea/ });
      expect(await product.isVisible()).toBe(true);
      expect(await product.textContent()).toMatch(/€\s?2\.80/);
      // Category chips are plain links: a tap jumps to the section, no script needed.
      const chips = page.getByRole('navigation', { name: 'Menu categories' });
      await chips.getByRole('link', { name: 'Cakes & Pastries' }).click();
      expect(page.url()).toMatch(/#cat-/);
      await page.getByRole('heading', { name: 'Cakes & Pastries' }).waitFor();
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `sideways scroll at ${size.name}`).toBeLessThanOrEqual(0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${SCREENS}/guest-nojs-${size.name}.png` });
      await context.close();
    }
  });

  it('hydrates the server-rendered menu: the chips follow the scroll and the cart works', async () => {
    for (const size of SIZES) {
      const context = await browser.newContext({
        viewport: { width: size.width, height: size.height },
      });
      const page = await context.newPage();
      const found = violations(page);
      await page.goto(`${server.url}/t/${table.qr_token}`);
      const chips = page.getByRole('navigation', { name: 'Menu categories' });
      const coffee = chips.getByRole('link', { name: 'Coffee' });
      const cold = chips.getByRole('link', { name: 'Cold Drinks' });
      // Only the hydrated page marks the chip of the section on screen.
      await expect
        .poll(() => coffee.getAttribute('aria-current'), { timeout: 15_000 })
        .toBe('true');
      await cold.click();
      await expect.poll(() => cold.getAttribute('aria-current'), { timeout: 10_000 }).toBe('true');
      expect(await coffee.getAttribute('aria-current')).toBeNull();
      // The chips stay on screen while the menu scrolls under them.
      expect(await chips.isVisible()).toBe(true);
      expect((await chips.boundingBox())!.y).toBeLessThan(5);
      await page.getByRole('button', { name: /^Black Tea/ }).click();
      await page.getByRole('button', { name: 'Place order' }).waitFor();
      await page.screenshot({ path: `${SCREENS}/guest-hydrated-${size.name}.png` });
      expect(found).toEqual([]);
      await context.close();
    }
  });

  it('answers an unknown code with a 404 page in words', async () => {
    for (const size of SIZES) {
      const context = await browser.newContext({
        viewport: { width: size.width, height: size.height },
      });
      const page = await context.newPage();
      const found = violations(page);
      const res = await page.goto(`${server.url}/t/${'x'.repeat(32)}`);
      expect(res!.status()).toBe(404);
      await page.getByRole('heading', { name: 'This QR code is no longer valid' }).waitFor();
      await page.screenshot({ path: `${SCREENS}/guest-404-${size.name}.png` });
      expect(found).toEqual([]);
      await context.close();
    }
  });

  it('runs every staff screen under the CSP without a violation', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    const found = violations(page);
    const csp: string[] = [];
    page.on('response', (r) => {
      if (r.request().isNavigationRequest()) csp.push(r.headers()['content-security-policy'] ?? '');
    });
    await signIn(page, server, 'owner@demo.test');
    await page.waitForURL('**/pos');
    await page.getByRole('tab', { name: 'Cakes & Pastries' }).click();
    await page.getByRole('button', { name: /^Butter Croissant/ }).click();
    await page.getByRole('button', { name: 'Send to kitchen' }).click();
    const card = page.getByRole('article', { name: /^Order #\d+$/ });
    await card.waitFor();
    await card.getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cash' }).click();
    await page.keyboard.press('Escape');
    const screens = page.getByRole('navigation', { name: 'Screens' });
    await screens.getByRole('link', { name: 'Kitchen' }).click();
    await page.getByRole('heading', { name: 'Kitchen' }).waitFor();
    await screens.getByRole('link', { name: 'Shift', exact: true }).click();
    await page.getByRole('heading', { name: 'Shift', exact: true }).waitFor();
    for (const section of ['products', 'categories', 'staff', 'tables', 'reports', 'settings']) {
      await page.goto(`${server.url}/admin/${section}`);
      await page.getByRole('navigation', { name: 'Admin sections' }).waitFor();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      // ag-grid builds its styles and rows after the heading: give it a moment to run.
      await page.waitForTimeout(500);
    }
    await page.goto(`${server.url}/paid`);
    await page.waitForLoadState('load');
    expect(csp.length).toBeGreaterThan(3);
    for (const header of csp) expect(header).toContain("frame-ancestors 'none'");
    expect(found).toEqual([]);
    await context.close();
  });
});
