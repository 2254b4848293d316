import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { lowContrast, unnamedControls } from './a11y';
import { launch, type Server, signIn, startServer } from './harness';

/**
 * Admin on a phone and on a tablet: the product editor with a modifier group and a photo, a
 * 150-row menu import whose 3 bad rows are fixed before it goes in, and the audit log showing the
 * price change. Screenshots of every screen at both sizes land in .tmp/screens/.
 */
const SIZES = {
  phone: { width: 390, height: 844 },
  tablet: { width: 1024, height: 768 },
} as const;
type Size = keyof typeof SIZES;

describe.skipIf(!inject('chromium'))('admin in Chromium at phone and tablet size', () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    mkdirSync('.tmp/screens', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const open = async (size: Size) => {
    const context = await browser.newContext({ viewport: SIZES[size] });
    const page = await context.newPage();
    await signIn(page, server, 'owner@demo.test');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    return { page, context };
  };
  /** No sideways scroll, named controls, AA contrast; then a screenshot to look at. */
  const check = async (page: Page, name: string, size: Size) => {
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      // The admin screen itself; the staff top bar above it belongs to the POS shell.
      const wide = [...document.querySelectorAll('.admin, .admin *, dialog, dialog *')]
        .filter((el) => el.getBoundingClientRect().right > width + 0.5)
        .slice(0, 3)
        .map((el) => `${el.tagName}.${el.className}`);
      return { by: wide.length ? 1 : 0, wide };
    });
    expect(
      overflow.by,
      `sideways scroll on ${name} (${size}): ${overflow.wide}`,
    ).toBeLessThanOrEqual(0);
    expect(await unnamedControls(page), `unnamed controls on ${name}`).toEqual([]);
    expect(await lowContrast(page), `low contrast on ${name}`).toEqual([]);
    await page.screenshot({ path: `.tmp/screens/admin-${name}-${size}.png`, fullPage: false });
  };
  const section = async (page: Page, size: Size, label: string) => {
    if (size === 'phone') await page.getByRole('button', { name: /^Admin menu/ }).click();
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: label, exact: true })
      .click();
  };

  for (const size of ['phone', 'tablet'] as const) {
    it(`creates a product with a modifier group and a photo (${size})`, async () => {
      const { page, context } = await open(size);
      await page.goto(`${server.url}/admin/products`);
      await page.getByRole('list', { name: 'Products' }).waitFor();
      await check(page, 'products', size);

      await page.getByRole('button', { name: 'Add product' }).click();
      const dialog = page.getByRole('dialog', { name: 'New product' });
      // Inline errors in words before anything is sent.
      await dialog.getByRole('button', { name: 'Save product' }).click();
      await dialog.getByText('Give the product a name.').waitFor();
      await dialog.getByText(/Write the price like/).waitFor();

      const name = `Oat flat white ${size}`;
      await dialog.getByLabel('Name').fill(name);
      await dialog.getByRole('combobox', { name: /^Category/ }).selectOption({ label: 'Coffee' });
      await dialog.getByLabel(/^Price/).fill('4.20');
      const groups = dialog.getByRole('group', { name: 'Modifier groups' });
      await groups.getByRole('checkbox', { name: 'Size' }).check();
      await groups.getByRole('checkbox', { name: 'Milk' }).check();
      await dialog
        .getByRole('group', { name: 'Allergens' })
        .getByRole('checkbox', { name: 'Milk' })
        .check();
      await dialog.getByRole('checkbox', { name: 'Vegan' }).check();
      const png = await sharp({
        create: { width: 640, height: 400, channels: 3, background: { r: 180, g: 110, b: 60 } },
      })
        .png()
        .toBuffer();
      await dialog
        .getByLabel(/^Photo/)
        .setInputFiles({ name: 'latte.png', mimeType: 'image/png', buffer: png });
      await dialog.getByRole('img', { name: /cropped square/ }).waitFor();
      await check(page, 'product-editor', size);
      // The main action stays visible (sticky footer) on both sizes.
      const save = await dialog.getByRole('button', { name: 'Save product' }).boundingBox();
      expect(save!.y + save!.height, 'Save product in view').toBeLessThanOrEqual(
        SIZES[size].height,
      );
      await dialog.getByRole('button', { name: 'Save product' }).click();
      await page.getByRole('status').getByText(`Saved ${name}.`).waitFor();

      const token = await server.token('owner@demo.test');
      const products = await server.json<{ data: { name: string; [k: string]: unknown }[] }>(
        'GET',
        '/products?limit=500',
        token,
      );
      const saved = products.data.find((p) => p.name === name)!;
      expect(saved).toMatchObject({ price: 420, allergens: ['milk'], labels: ['vegan'] });
      expect(saved.modifier_group_ids).toHaveLength(2);
      expect(saved.image_url).toEqual(expect.stringMatching(/\/api\/v1\/images\//));

      // Search and category filter narrow the list.
      await page.getByLabel('Search products').fill('oat flat');
      await expect(
        page.getByRole('list', { name: 'Products' }).getByRole('listitem').count(),
      ).resolves.toBeGreaterThanOrEqual(1);
      await page.getByRole('listitem', { name }).waitFor();
      await context.close();
    });
  }

  it('imports a 150-row CSV: the check flags 3 bad rows, the fixed file goes in (phone)', async () => {
    const { page, context } = await open('phone');
    await page.goto(`${server.url}/admin/products`);
    await section(page, 'phone', 'Import and export');
    await page.getByRole('heading', { name: 'Import and export the menu' }).waitFor();
    const rows = Array.from(
      { length: 150 },
      (_, i) =>
        `Dish ${i + 1};Imported ${1 + (i % 5)};${(5 + i / 10).toFixed(2)};7;IMP-${i + 1};gluten`,
    );
    const bad = [...rows];
    bad[9] = 'Dish 10;Imported 5;ten euros;7;IMP-10;gluten';
    bad[49] = 'Dish 50;Imported 1;5.00;7;IMP-50;shellfish';
    bad[99] = ';Imported 5;5.00;7;IMP-100;gluten';
    const file = (lines: string[]) =>
      Buffer.from(`\uFEFFname;category;price;rate;sku;allergens\r\n${lines.join('\r\n')}\r\n`);
    const input = page.getByLabel('Menu file (CSV)');
    await input.setInputFiles({ name: 'menu.csv', mimeType: 'text/csv', buffer: file(bad) });
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByText('3 rows need fixing; nothing was imported.').waitFor();
    const errors = page.getByRole('list', { name: 'Rows with errors' }).getByRole('listitem');
    await expect(errors.allTextContents()).resolves.toEqual([
      expect.stringContaining('Row 11'),
      expect.stringContaining('Row 51'),
      expect.stringContaining('Row 101'),
    ]);
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await check(page, 'import-errors', 'phone');

    await input.setInputFiles({ name: 'menu.csv', mimeType: 'text/csv', buffer: file(rows) });
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByText(/Ready: 150 rows, 150 new/).waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Imported 150 rows: 150 new, 0 updated, 0 unchanged.').waitFor();
    await check(page, 'import-done', 'phone');
    const token = await server.token('owner@demo.test');
    const products = await server.json<{ data: { sku: string | null }[] }>(
      'GET',
      '/products?limit=500',
      token,
    );
    expect(products.data.filter((p) => p.sku?.startsWith('IMP-'))).toHaveLength(150);
    await context.close();
  });

  it('shows a price change in the audit log and filters by action (tablet)', async () => {
    const { page, context } = await open('tablet');
    await page.goto(`${server.url}/admin/products`);
    await page.getByLabel('Search products').fill('Espresso');
    await page.getByRole('button', { name: 'Edit Espresso', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Espresso' });
    await dialog.getByLabel(/^Price/).fill('2.60');
    await dialog.getByRole('button', { name: 'Save product' }).click();
    await page.getByRole('status').getByText('Saved Espresso.').waitFor();

    await section(page, 'tablet', 'Audit log');
    await page.getByLabel('Action').selectOption({ label: 'Price changed' });
    await page.getByRole('button', { name: 'Show entries' }).click();
    const entry = page.getByRole('list', { name: 'Audit entries' }).getByRole('listitem').first();
    await entry.getByText('Price changed').waitFor();
    await expect(entry.textContent()).resolves.toMatch(/2\.20.*→.*2\.60/);
    await check(page, 'audit', 'tablet');
    await context.close();
  });

  it('adds a waiter with a PIN who then logs in by PIN on a registered device (phone)', async () => {
    const { page, context } = await open('phone');
    await page.goto(`${server.url}/admin/staff`);
    const form = page.getByRole('form', { name: 'Add a staff member' });
    await form.waitFor();
    await form.getByLabel('Name').fill('Wendy Waiter');
    await form.getByLabel('Email').fill('wendy@demo.test');
    await form.getByRole('combobox', { name: /^Role/ }).selectOption('waiter');
    await form
      .getByText('Waiters can take orders and bump tickets, not take payments or refund.')
      .waitFor();
    await form.getByLabel(/^Password/).fill('wendy-secret');
    await form.getByLabel(/^PIN/).fill('12');
    await form.getByRole('button', { name: 'Add staff member' }).click();
    await form.getByText('A PIN is 4 to 8 digits.').waitFor();
    await form.getByLabel(/^PIN/).fill('4321');
    await form.getByRole('button', { name: 'Add staff member' }).click();
    await page.getByRole('status').getByText('Added Wendy Waiter as waiter.').waitFor();
    const card = page.getByRole('listitem', { name: 'Wendy Waiter' });
    await card.getByText('Active · has a PIN').waitFor();
    await check(page, 'staff', 'phone');

    // The shared device: registered here, then the waiter's PIN signs in on it. (The PIN lock
    // screen on the POS is another screen; its API is what this checks.)
    await page.getByLabel('Device name').fill('Bar tablet');
    await page.getByRole('button', { name: 'Register device' }).click();
    const token = (await page.locator('code').textContent())!;
    const users = await server.json<{ data: { id: string; name: string }[] }>(
      'GET',
      '/users?limit=500',
      await server.token('owner@demo.test'),
    );
    const wendy = users.data.find((u) => u.name === 'Wendy Waiter')!;
    const pinLogin = (pin: string) =>
      fetch(`${server.url}/api/v1/auth/pin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-device-token': token },
        body: JSON.stringify({ user_id: wendy.id, pin }),
      });
    expect((await pinLogin('9999')).status).toBe(400);
    const ok = await pinLogin('4321');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: 'bearer' });

    // Deactivated, the PIN no longer works; reactivated, it does again.
    await card.getByRole('button', { name: 'Deactivate Wendy Waiter' }).click();
    await card.getByText(/^Deactivated/).waitFor();
    expect((await pinLogin('4321')).status).not.toBe(200);
    await card.getByRole('button', { name: 'Reactivate Wendy Waiter' }).click();
    await card.getByText(/^Active/).waitFor();
    expect((await pinLogin('4321')).status).toBe(200);
    await context.close();
  });

  for (const size of ['phone', 'tablet'] as const) {
    it(`adds a modifier group with a live rule preview and reorders it (${size})`, async () => {
      const { page, context } = await open(size);
      await page.goto(`${server.url}/admin/modifier-groups`);
      await page.getByRole('button', { name: 'Add modifier group' }).click();
      const dialog = page.getByRole('dialog', { name: 'New modifier group' });
      const group = `Syrup ${size}`;
      await dialog.getByLabel('Group name').fill(group);
      await dialog.getByRole('textbox', { name: 'Modifier 1', exact: true }).fill('Vanilla');
      await dialog.getByLabel('Price change').first().fill('0.50');
      await dialog.getByRole('button', { name: 'Add modifier' }).click();
      await dialog.getByRole('textbox', { name: 'Modifier 2', exact: true }).fill('Caramel');
      await dialog.getByLabel('Maximum choices').fill('2');
      await dialog.getByText('Optional: guests may choose up to 2.').waitFor();
      await dialog.getByLabel('Minimum choices').fill('1');
      await dialog.getByText('Required: guests choose at least 1 and up to 2 options.').waitFor();
      await dialog.getByRole('button', { name: 'Move Caramel up' }).click();
      await check(page, 'modifier-editor', size);
      await dialog.getByRole('button', { name: 'Save group' }).click();
      const card = page.getByRole('listitem', { name: group });
      await card.getByText('Caramel, Vanilla +€0.50').waitFor();
      await card.getByText('Used by no product').waitFor();
      await check(page, 'modifier-groups', size);
      await context.close();
    });
  }

  it('folds the admin menu on a phone and keeps it beside the screen on a tablet', async () => {
    for (const size of ['phone', 'tablet'] as const) {
      const { page, context } = await open(size);
      await page.goto(`${server.url}/admin/audit`);
      await page.getByRole('heading', { name: 'Audit log' }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Admin sections' });
      expect(await nav.isVisible(), size).toBe(size === 'tablet');
      if (size === 'phone') {
        await page.getByRole('button', { name: 'Admin menu: Audit log' }).click();
        expect(await nav.isVisible()).toBe(true);
        await check(page, 'menu-open', size);
      }
      await context.close();
    }
  });
});
