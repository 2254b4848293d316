import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Category, ModifierGroup, Product } from '../src/api/types';
import { lowContrast, unnamedControls } from './a11y';
import { launch, type Server, signIn, startServer } from './harness';
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
  ) => {
    const context = await browser.newContext({ viewport, hasTouch: touch });
    const page = await context.newPage();
    await signIn(page, server, 'owner@demo.test');
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
});
