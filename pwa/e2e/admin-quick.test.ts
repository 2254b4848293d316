import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Category, ModifierGroup, Product, TaxRate, Tenant } from '../src/api/types';
import { lowContrast, unnamedControls } from './a11y';
import { launch, PASSWORD, type Server, signIn, startServer } from './harness';
import { checkLayout, FITS, SIZES } from './layout';

/**
 * The admin's quick paths at phone and tablet size, against the real server: prices, names and
 * availability changed in the products list itself (a grid on tablets, cards on phones) with
 * refusals in words, the list narrowed by category chips and search.
 */
describe.skipIf(!inject('chromium'))('admin quick edits in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    token = await server.token('owner@demo.test');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const open = async (
    viewport: (typeof SIZES)[number]['viewport'],
    path: string,
    touch = false,
    email = 'owner@demo.test',
  ) => {
    const context = await browser.newContext({ viewport, hasTouch: touch });
    const page = await context.newPage();
    await signIn(page, server, email);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${server.url}${path}`);
    return { context, page };
  };
  /** No sideways scroll, 44 px targets, the main actions in view, named controls, AA contrast. */
  const fits = async (page: Page, name: string, actions: ReturnType<Page['getByRole']>[] = []) => {
    expect(await checkLayout(page, name, actions)).toEqual(FITS);
    expect(await unnamedControls(page), `unnamed controls on ${name}`).toEqual([]);
    expect(await lowContrast(page), `low contrast on ${name}`).toEqual([]);
  };
  const product = async (id: string) =>
    (await server.json<{ data: Product[] }>('GET', '/products?limit=500', token)).data.find(
      (p) => p.id === id,
    )!;

  for (const { name: size, viewport } of SIZES) {
    it(`edits price, name and availability in the products list; chips and search filter it (${size})`, async () => {
      const cats = (await server.json<{ data: Category[] }>('GET', '/categories?limit=500', token))
        .data;
      const coffee = cats.find((c) => c.name === 'Coffee')!;
      const espresso = (
        await server.json<{ data: Product[] }>('GET', '/products?limit=500', token)
      ).data.find((p) => p.name === 'Espresso')!;
      const mine = await server.json<Product>('POST', '/products', token, {
        name: `Quick brew ${size}`,
        price: 300,
        category_id: coffee.id,
        tax_rate_id: espresso.tax_rate_id,
      });
      const { context, page } = await open(viewport, '/admin/products');
      try {
        const list = page.getByRole('list', { name: 'Products' });
        const items = list.getByRole('listitem');
        await list.waitFor();
        const all = await items.count();
        await fits(page, `admin-products-${size}`, [
          page.getByRole('button', { name: 'Add product' }),
        ]);

        // A category chip narrows the list to that category; "All" brings everything back.
        const chips = page.getByRole('group', { name: 'Category' });
        await chips.getByRole('button', { name: 'Coffee', exact: true }).click();
        expect(
          await chips
            .getByRole('button', { name: 'Coffee', exact: true })
            .getAttribute('aria-pressed'),
        ).toBe('true');
        const inCoffee = (
          await server.json<{ data: Product[] }>('GET', '/products?limit=500', token)
        ).data.filter((p) => p.category_id === coffee.id).length;
        await expect.poll(() => items.count()).toBe(inCoffee);
        expect(inCoffee).toBeLessThan(all);
        // Search within the chip: one product left.
        await page.getByLabel('Search products').fill(`quick brew ${size}`);
        await expect.poll(() => items.count()).toBe(1);
        const row = list.getByRole('listitem', { name: mine.name });
        await row.waitFor();

        // A price that is not one: refused under the field in words, nothing sent.
        const price = row.getByRole('textbox', { name: `Price of ${mine.name}` });
        await price.fill('three fifty');
        await price.press('Enter');
        await row.getByText('Write the price like 3.50.').waitFor();
        expect(await price.getAttribute('aria-invalid')).toBe('true');
        await fits(page, `admin-products-price-error-${size}`);
        expect((await product(mine.id)).price).toBe(300);

        // Enter saves the price; the API has it.
        await price.fill('3.75');
        await price.press('Enter');
        await page.getByRole('status').getByText(`${mine.name} now costs 3.75.`).waitFor();
        expect((await product(mine.id)).price).toBe(375);
        expect(await price.getAttribute('aria-invalid')).toBeNull();

        // Leaving the field saves too (the name); an empty name is refused in words.
        const nameBox = row.getByRole('textbox', { name: `Name of ${mine.name}` });
        await nameBox.fill('');
        await nameBox.press('Tab');
        await row.getByText('A product needs a name.').waitFor();
        const renamed = `Quick pour ${size}`;
        await nameBox.fill(renamed);
        await nameBox.press('Tab');
        await page.getByRole('status').getByText(`Renamed to ${renamed}.`).waitFor();
        expect((await product(mine.id)).name).toBe(renamed);

        // Availability switched in place.
        await page.getByLabel('Search products').fill(renamed);
        const renamedRow = list.getByRole('listitem', { name: renamed });
        await renamedRow.getByRole('checkbox', { name: 'Available' }).uncheck();
        await page.getByRole('status').getByText(`${renamed} is unavailable.`).waitFor();
        expect((await product(mine.id)).available).toBe(false);

        // Escape puts the saved price back without sending anything.
        const price2 = renamedRow.getByRole('textbox', { name: `Price of ${renamed}` });
        await price2.fill('9.99');
        await price2.press('Escape');
        await expect.poll(() => price2.inputValue()).toBe('3.75');
        await price2.blur();
        expect((await product(mine.id)).price).toBe(375);

        // Archive from the list, find it under "Show archived", restore it.
        await renamedRow.getByRole('button', { name: `Archive ${renamed}` }).click();
        await page
          .getByRole('status')
          .getByText(`Archived ${renamed}: restore it under Show archived.`)
          .waitFor();
        await page.getByLabel('Show archived').check();
        const archivedRow = list.getByRole('listitem', { name: renamed });
        await archivedRow.getByRole('button', { name: `Restore ${renamed}` }).waitFor();
        await fits(page, `admin-products-archived-${size}`);
        await archivedRow.getByRole('button', { name: `Restore ${renamed}` }).click();
        await page.getByRole('status').getByText(`Restored ${renamed}.`).waitFor();
        await page.getByLabel('Show archived').uncheck();
        await list.getByRole('listitem', { name: renamed }).waitFor();

        await chips.getByRole('button', { name: 'All', exact: true }).click();
        await page.getByLabel('Search products').fill('');
        await expect.poll(() => items.count()).toBe(all);
        await fits(page, `admin-products-after-${size}`);
      } finally {
        await context.close();
      }
    });
  }

  for (const { name: size, viewport } of SIZES) {
    // The phone drags with a finger (touch events through DevTools), the tablet with a mouse.
    const how = size === 'phone' ? 'touch' : 'mouse';
    it(`drags a modifier to the top by ${how}; the API has the new positions (${size})`, async () => {
      const group = await server.json<ModifierGroup>('POST', '/modifier-groups', token, {
        name: `Syrups ${size}`,
        min: 0,
        max: 2,
        modifiers: ['Vanilla', 'Caramel', 'Hazelnut', 'Maple'].map((name) => ({
          name,
          price_delta: 50,
        })),
      });
      const { context, page } = await open(viewport, '/admin/modifier-groups', how === 'touch');
      try {
        await page
          .getByRole('listitem', { name: group.name })
          .getByRole('button', { name: `Edit ${group.name}` })
          .click();
        const dialog = page.getByRole('dialog', { name: `Edit ${group.name}` });
        const rows = dialog.getByRole('list', { name: 'Modifiers' }).getByRole('listitem');
        const names = () =>
          rows.evaluateAll((els) =>
            els.map((el) => (el.querySelector('input') as HTMLInputElement).value),
          );
        await expect.poll(names).toEqual(['Vanilla', 'Caramel', 'Hazelnut', 'Maple']);
        // From Maple's handle up to the first row, then held at the top edge of the dialog's
        // body, which scrolls while the finger rests there (on a phone the first row is out of
        // view once Maple's handle is in view).
        const handle = rows.nth(3).locator('.drag-handle');
        await handle.scrollIntoViewIfNeeded();
        const from = (await handle.boundingBox())!;
        const body = (await dialog.locator('.dialog-body').boundingBox())!;
        const first = (await rows.nth(0).boundingBox())!;
        const x = from.x + from.width / 2;
        const y0 = from.y + from.height / 2;
        const y1 = Math.max(first.y + 4, body.y + 10);
        const path = [
          ...Array.from({ length: 12 }, (_, k) => y0 + ((y1 - y0) * (k + 1)) / 12),
          // Alternate by a pixel: a pointer that does not move sends no move events.
          ...Array.from({ length: 40 }, (_, k) => y1 + (k % 2)),
        ];
        if (how === 'mouse') {
          await page.mouse.move(x, y0);
          await page.mouse.down();
          for (const y of path) await page.mouse.move(x, y);
          await page.mouse.up();
        } else {
          const cdp = await context.newCDPSession(page);
          const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', y?: number) =>
            cdp.send('Input.dispatchTouchEvent', {
              type,
              touchPoints: y === undefined ? [] : [{ x, y }],
            });
          await touch('touchStart', y0);
          for (const y of path) await touch('touchMove', y);
          await touch('touchEnd');
        }
        await expect.poll(names).toEqual(['Maple', 'Vanilla', 'Caramel', 'Hazelnut']);
        await fits(page, `admin-modifiers-dragged-${size}`, [
          dialog.getByRole('button', { name: 'Save group' }),
        ]);
        // The keyboard path stays: ↓ on Maple puts it back second.
        await dialog.getByRole('button', { name: 'Move Maple down' }).click();
        await expect.poll(names).toEqual(['Vanilla', 'Maple', 'Caramel', 'Hazelnut']);
        await dialog.getByRole('button', { name: 'Move Maple up' }).click();
        await dialog.getByRole('button', { name: 'Save group' }).click();
        await page.getByRole('status').getByText(`Saved ${group.name}.`).waitFor();
        const saved = (
          await server.json<{ data: ModifierGroup[] }>('GET', '/modifier-groups?limit=500', token)
        ).data.find((g) => g.id === group.id)!;
        // The API lists a group's modifiers by position.
        const order = saved.modifiers.map((m) => m.name);
        expect(order).toEqual(['Maple', 'Vanilla', 'Caramel', 'Hazelnut']);
        // The same modifiers, moved: ids kept, none re-created.
        expect(saved.modifiers.map((m) => m.id).sort()).toEqual(
          group.modifiers.map((m) => m.id).sort(),
        );
      } finally {
        await context.close();
      }
    });
  }

  for (const { name: size, viewport } of SIZES) {
    it(`categories, tax rates, orders and settings fit and edit in place (${size})`, async () => {
      const { context, page } = await open(viewport, '/admin/categories');
      try {
        // Categories: add one (a missing name is refused in words), rename it in place.
        const cats = page.getByRole('list', { name: 'Categories' });
        await cats.getByRole('listitem').first().waitFor();
        await fits(page, `admin-categories-${size}`, [
          page.getByRole('button', { name: 'Add category' }),
        ]);
        const add = page.getByRole('form', { name: 'Add a category' });
        await add.getByRole('button', { name: 'Add category' }).click();
        await add.getByText('Give the category a name.').waitFor();
        await add.getByLabel('New category: name').fill(`Soups ${size}`);
        await add.getByLabel('New category: position').fill('70');
        await add.getByRole('button', { name: 'Add category' }).click();
        await page.getByRole('status').getByText(`Added Soups ${size}.`).waitFor();
        const pos = cats.getByRole('textbox', { name: `Position of Soups ${size}` });
        await pos.fill('seven');
        await pos.press('Enter');
        await cats.getByText('A whole number, like 1 or 20.').waitFor();
        await fits(page, `admin-categories-error-${size}`);
        await pos.fill('7');
        await pos.press('Enter');
        await page.getByRole('status').getByText(`Saved Soups ${size}.`).waitFor();
        const soup = (
          await server.json<{ data: Category[] }>('GET', '/categories?limit=500', token)
        ).data.find((c) => c.name === `Soups ${size}`)!;
        expect(soup.position).toBe(7);
        // A category in use is not deleted, and the screen says why.
        await cats.getByRole('button', { name: 'Delete Coffee' }).click();
        await page
          .getByRole('status')
          .getByText('Coffee is still used by products: give them another category first.')
          .waitFor();
        await cats.getByRole('button', { name: `Delete Soups ${size}` }).click();
        await page.getByRole('status').getByText(`Deleted Soups ${size}.`).waitFor();

        // Tax rates: percent in, basis points on the wire.
        await page.goto(`${server.url}/admin/tax-rates`);
        const rates = page.getByRole('list', { name: 'Tax rates' });
        await rates.getByRole('listitem').first().waitFor();
        await fits(page, `admin-tax-rates-${size}`, [
          page.getByRole('button', { name: 'Add tax rate' }),
        ]);
        const addRate = page.getByRole('form', { name: 'Add a tax rate' });
        await addRate.getByLabel('New tax rate: name').fill(`Zero ${size}`);
        await addRate.getByLabel('New tax rate: rate (%)').fill('250');
        await addRate.getByRole('button', { name: 'Add tax rate' }).click();
        await addRate.getByText('A percentage from 0 to 100, like 19 or 7.5.').waitFor();
        await addRate.getByLabel('New tax rate: rate (%)').fill('5,5');
        await addRate.getByRole('button', { name: 'Add tax rate' }).click();
        await page.getByRole('status').getByText(`Added Zero ${size}.`).waitFor();
        const rateBox = rates.getByRole('textbox', { name: `Rate (%) of Zero ${size}` });
        await expect.poll(() => rateBox.inputValue()).toBe('5.5');
        await rateBox.fill('0');
        await rateBox.press('Tab');
        await page.getByRole('status').getByText(`Saved Zero ${size}.`).waitFor();
        const zero = (
          await server.json<{ data: TaxRate[] }>('GET', '/tax-rates?limit=500', token)
        ).data.find((r) => r.name === `Zero ${size}`)!;
        expect(zero.rate_bp).toBe(0);

        // Orders: cards with words and money, not minor units.
        const espresso = (
          await server.json<{ data: Product[] }>('GET', '/products?limit=500', token)
        ).data.find((p) => p.name === 'Espresso')!;
        const order = await server.json<{ ticket_number: number; total: number }>(
          'POST',
          '/orders',
          token,
          {
            id: crypto.randomUUID(),
            type: 'takeaway',
            lines: [{ id: crypto.randomUUID(), product_id: espresso.id, quantity: 2 }],
          },
        );
        await page.goto(`${server.url}/admin/orders`);
        const card = page.getByRole('listitem', { name: `Order ${order.ticket_number}` });
        await card.getByText('Takeaway · taken on the POS').waitFor();
        await card
          .getByText(new RegExp(`${(order.total / 100).toFixed(2).replace('.', '[.,]')}`))
          .waitFor();
        await page.getByRole('heading', { name: 'Orders' }).waitFor();
        await page.getByRole('list', { name: 'Orders' }).getByRole('listitem').first().waitFor();
        await fits(page, `admin-orders-${size}`);

        // Settings: both forms fit.
        await page.goto(`${server.url}/admin/settings`);
        await page.getByRole('form', { name: 'Currency and tax' }).waitFor();
        await page
          .getByRole('button', { name: 'Confirm currency and tax' })
          .scrollIntoViewIfNeeded();
        await fits(page, `admin-settings-${size}`, [
          page.getByRole('button', { name: 'Confirm currency and tax' }),
        ]);
        await page.getByRole('button', { name: 'Save settings' }).scrollIntoViewIfNeeded();
        await fits(page, `admin-settings-details-${size}`, [
          page.getByRole('button', { name: 'Save settings' }),
        ]);
      } finally {
        await context.close();
      }
    });
  }

  it('a new currency in Settings shows on the POS at once, here and on another device (phone)', async () => {
    const before = await server.json<Tenant>('GET', '/tenant', token);
    expect(before.currency).toBe('EUR');
    // A till on a tablet, already on the POS with a croissant in the cart.
    const till = await open(SIZES[1].viewport, '/pos', false, 'cashier@demo.test');
    const { context, page } = await open(SIZES[0].viewport, '/admin/settings');
    try {
      const tp = till.page;
      await tp.getByRole('tab', { name: 'Cakes & Pastries' }).click();
      const tile = (p: Page) => p.getByRole('button', { name: /^Butter Croissant/ });
      await tile(tp).click();
      const charge = tp.getByRole('button', { name: /^Charge / });
      await expect.poll(() => charge.textContent()).toMatch(/^Charge €/);

      // The phone opens Settings at the top: the form's main action is in view without a scroll.
      const form = page.getByRole('form', { name: 'Currency and tax' });
      await form.getByRole('combobox', { name: 'Currency' }).waitFor();
      const confirm = form.getByRole('button', { name: 'Confirm currency and tax' });
      await fits(page, 'admin-settings-currency-phone', [confirm]);
      await form.getByRole('combobox', { name: 'Currency' }).selectOption('GBP');
      await form.getByText('Prices are not converted', { exact: false }).waitFor();
      await fits(page, 'admin-settings-currency-changed-phone', [confirm]);
      // Marks this document: a reload would lose the mark.
      await page.evaluate(() => {
        (window as unknown as { unreloaded: boolean }).unreloaded = true;
      });
      await confirm.click();
      await form
        .getByRole('status')
        .getByText('Currency and tax confirmed.', { exact: false })
        .waitFor();
      await fits(page, 'admin-settings-currency-saved-phone', [confirm]);
      expect((await server.json<Tenant>('GET', '/tenant', token)).currency).toBe('GBP');

      // The POS of this phone, reached through the menu, prices in pounds.
      await page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('link', { name: 'POS' })
        .click();
      await page.getByRole('tab', { name: 'Cakes & Pastries' }).click();
      await expect.poll(() => tile(page).textContent()).toMatch(/£\d/);
      expect(await tile(page).textContent()).not.toContain('€');
      await tile(page).click();
      const cartBar = page.getByRole('button', { name: /^Cart · 1 item/ });
      await expect.poll(() => cartBar.textContent()).toMatch(/£\d/);
      await fits(page, 'pos-after-currency-phone');
      expect(
        await page.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded),
      ).toBe(true);

      // The till follows at once (the save is a catalog change: it syncs), the croissant in its
      // cart and its Charge button included, with no reload either.
      await expect.poll(() => charge.textContent(), { timeout: 15_000 }).toMatch(/^Charge £/);
      expect(await tile(tp).textContent()).toMatch(/£\d/);
      expect(await checkLayout(tp, 'pos-after-currency-other-device-tablet', [charge])).toEqual(
        FITS,
      );
    } finally {
      // The other tests of this file share the demo tenant.
      await server.json('PATCH', '/tenant', token, { currency: before.currency });
      await context.close();
      await till.context.close();
    }
  });

  it('onboarding: a new owner confirms currency, price mode and a first tax rate (phone)', async () => {
    const email = `new-${Date.now()}@owner.test`;
    const res = await fetch(`${server.url}/api/v1/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Fresh Café',
        slug: `fresh-${Date.now()}`,
        currency: 'EUR',
        owner: { email, password: PASSWORD, name: 'Nora New' },
      }),
    });
    expect(res.status).toBe(201);
    const ownerToken = await server.token(email);
    const tenant = () => server.json<Tenant>('GET', '/tenant', ownerToken);
    const { context, page } = await open(SIZES[0].viewport, '/admin/products', false, email);
    try {
      const checklist = page.getByRole('complementary', { name: 'Getting started' });
      await checklist.getByText('Getting started: 0 of 5 done').waitFor();
      await checklist
        .getByRole('link', { name: 'Confirm your currency, price mode and default tax rate' })
        .click();
      const form = page.getByRole('form', { name: 'Currency and tax' });
      await form.waitFor();
      // Below the checklist on a phone: scrolled to, as a thumb would.
      await form.getByRole('button', { name: 'Confirm currency and tax' }).scrollIntoViewIfNeeded();
      await fits(page, 'admin-onboarding-tax-phone', [
        form.getByRole('button', { name: 'Confirm currency and tax' }),
      ]);
      // No rate yet: the first one is added here; both fields are checked in words.
      await form.getByRole('button', { name: 'Confirm currency and tax' }).click();
      await form.getByText('Name the rate, like “Standard”.').waitFor();
      await form.getByText('A percentage from 0 to 100, like 19 or 7.5.').waitFor();
      expect((await tenant()).tax_confirmed).toBe(false);

      await form.getByLabel('First tax rate: name').fill('Standard');
      await form.getByLabel('First tax rate: percent').fill('19');
      await form.getByRole('radio', { name: /^Include tax/ }).check();
      await form.getByRole('combobox', { name: 'Currency' }).selectOption('CHF');
      await form.getByText('Prices are not converted', { exact: false }).waitFor();
      await form.getByRole('button', { name: 'Confirm currency and tax' }).click();
      await form
        .getByRole('status')
        .getByText('Currency and tax confirmed.', { exact: false })
        .waitFor();

      const t = await tenant();
      const [rate] = (await server.json<{ data: TaxRate[] }>('GET', '/tax-rates', ownerToken)).data;
      expect(rate).toMatchObject({ name: 'Standard', rate_bp: 1900 });
      expect(t).toMatchObject({
        currency: 'CHF',
        tax_inclusive: true,
        default_tax_rate_id: rate!.id,
        tax_confirmed: true,
      });
      // The checklist ticks the step at once.
      await checklist.getByText('Getting started: 1 of 5 done').waitFor();
      await checklist
        .getByText('Confirm your currency, price mode and default tax rate (done)')
        .waitFor();
      await fits(page, 'admin-onboarding-tax-done-phone');

      // A new product starts with the default rate.
      await page.goto(`${server.url}/admin/products`);
      await page.getByRole('button', { name: 'Add product' }).click();
      const dialog = page.getByRole('dialog', { name: 'New product' });
      await expect
        .poll(() => dialog.getByRole('combobox', { name: 'Tax rate', exact: true }).inputValue())
        .toBe(rate!.id);
    } finally {
      await context.close();
    }
  });
});
