import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Table } from '../src/api/types';
import { lowContrast, unnamedControls } from './a11y';
import { launch, type Server, signIn, startServer } from './harness';
import { checkLayout, FITS, SIZES, screenshot } from './layout';

/**
 * The admin Tables screen at phone and tablet size, against the real server: rename (a taken
 * name is refused next to the field), reseat and move to an area, replace a QR code (the old one
 * is dead at once), print the QR sheet (one code per table), delete with a confirm in words.
 */
describe.skipIf(!inject('chromium'))('admin tables in Chromium', () => {
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

  const list = async () =>
    (await server.json<{ data: Table[] }>('GET', '/tables?limit=500', token)).data;
  const publicStatus = async (qrToken: string) =>
    (await fetch(`${server.url}/api/v1/public/tables/${qrToken}`)).status;
  /** No sideways scroll, 44 px targets, the main actions in view, named controls, AA contrast. */
  const fits = async (page: Page, name: string, actions: ReturnType<Page['getByRole']>[] = []) => {
    expect(await checkLayout(page, name, actions)).toEqual(FITS);
    expect(await unnamedControls(page), `unnamed controls on ${name}`).toEqual([]);
    expect(await lowContrast(page), `low contrast on ${name}`).toEqual([]);
  };

  for (const { name: size, viewport } of SIZES) {
    it(`renames, reseats, replaces the QR code, prints and deletes a table (${size})`, async () => {
      const mine = await server.json<Table>('POST', '/tables', token, { name: `Window ${size}` });
      const other = await server.json<Table>('POST', '/tables', token, { name: `Bar ${size}` });
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      try {
        await signIn(page, server, 'owner@demo.test');
        await page.waitForURL((u) => !u.pathname.startsWith('/login'));
        await page.goto(`${server.url}/admin/tables`);
        const card = page.getByRole('listitem', { name: mine.name });
        await card.getByRole('img', { name: `QR code for table ${mine.name}` }).waitFor();
        await fits(page, `admin-tables-${size}`, [page.getByRole('button', { name: 'Add table' })]);

        // A taken name: the API's 409 is shown next to the Name field, nothing changes.
        await card.getByRole('button', { name: `Edit ${mine.name}` }).click();
        const edit = page.getByRole('dialog', { name: `Edit table ${mine.name}` });
        const nameField = edit.getByRole('textbox', { name: 'Name' });
        await nameField.fill(other.name);
        await edit.getByRole('button', { name: 'Save table' }).click();
        await edit.getByText('Another table already has this name. Choose another one.').waitFor();
        expect(await nameField.getAttribute('aria-invalid')).toBe('true');
        await expect(
          nameField.evaluate(
            (el) => el.closest('.field')?.querySelector('.field-error')?.textContent,
          ),
        ).resolves.toMatch(/already has this name/);
        await fits(page, `admin-tables-edit-error-${size}`, [
          edit.getByRole('button', { name: 'Save table' }),
        ]);
        expect((await list()).find((t) => t.id === mine.id)!.name).toBe(mine.name);

        // Seats in words when they are not a number.
        await edit.getByLabel(/^Seats/).fill('0');
        await nameField.fill(`Terrace 4 ${size}`);
        await edit.getByRole('button', { name: 'Save table' }).click();
        await edit.getByText('Seats is a whole number from 1 to 999, or empty.').waitFor();

        // Rename, reseat, move to an area.
        const renamed = `Terrace 4 ${size}`;
        await edit.getByLabel(/^Seats/).fill('6');
        await edit.getByLabel(/^Area/).fill('Terrace');
        await edit.getByRole('button', { name: 'Save table' }).click();
        await page.getByRole('status').getByText(`Saved table ${renamed}.`).waitFor();
        expect((await list()).find((t) => t.id === mine.id)).toMatchObject({
          name: renamed,
          seats: 6,
          area: 'Terrace',
        });
        const renamedCard = page.getByRole('listitem', { name: renamed });
        await renamedCard.getByText('Terrace · 6 seats').waitFor();

        // A new QR code: the warning says the printed one dies at once, and it does.
        const oldToken = mine.qr_token;
        expect(await publicStatus(oldToken)).toBe(200);
        await renamedCard.getByRole('button', { name: `New QR code for ${renamed}` }).click();
        const rotate = page.getByRole('dialog', { name: `New QR code for ${renamed}` });
        await rotate
          .getByText(`The QR code printed for ${renamed} stops working at once`, { exact: false })
          .waitFor();
        await fits(page, `admin-tables-rotate-${size}`, [
          rotate.getByRole('button', { name: 'Replace the QR code' }),
        ]);
        const oldSrc = await renamedCard.getByRole('img').getAttribute('src');
        await rotate.getByRole('button', { name: 'Replace the QR code' }).click();
        await page.getByRole('status').getByText(`${renamed} has a new QR code.`).waitFor();
        const rotated = (await list()).find((t) => t.id === mine.id)!;
        expect(rotated.qr_token).not.toBe(oldToken);
        expect(await publicStatus(oldToken)).toBe(404);
        expect(await publicStatus(rotated.qr_token)).toBe(200);
        // The card shows the new code (a fresh drawing, not the cached old one).
        await expect
          .poll(() => renamedCard.getByRole('img').getAttribute('src'), { timeout: 15_000 })
          .not.toBe(oldSrc);

        // Print: the button calls the browser's print once every code is drawn; on paper the
        // sheet holds one code per table, with its name, and none of the screen's controls.
        await page.evaluate(() => {
          const w = window as unknown as { printed: number };
          w.printed = 0;
          window.print = () => {
            w.printed += 1;
          };
        });
        await page.getByRole('button', { name: 'Print QR sheet' }).click();
        await expect
          .poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed))
          .toBe(1);
        await page.emulateMedia({ media: 'print' });
        const tables = await list();
        const sheet = page.getByRole('region', { name: 'QR sheet' });
        const figures = await sheet.locator('figure').evaluateAll((els) =>
          els.map((f) => {
            const img = f.querySelector('img');
            return {
              caption: f.querySelector('figcaption strong')?.textContent,
              drawn: !!img && img.complete && img.naturalWidth > 0,
            };
          }),
        );
        expect(figures.map((f) => f.caption).sort()).toEqual(tables.map((t) => t.name).sort());
        expect(figures.every((f) => f.drawn)).toBe(true);
        expect(await page.getByRole('button').count()).toBe(0);
        // Each code on the sheet is the server's current drawing for that table.
        for (const t of tables) {
          await sheet.getByRole('img', { name: `QR code for table ${t.name}` }).waitFor();
        }
        await page.screenshot({
          path: `.tmp/screens/admin-tables-print-${viewport.width}x${viewport.height}.png`,
          fullPage: true,
        });
        await page.emulateMedia({ media: 'screen' });

        // Delete, after a confirm that says what happens.
        await renamedCard.getByRole('button', { name: `Delete ${renamed}` }).click();
        const del = page.getByRole('dialog', { name: `Delete table ${renamed}?` });
        await del.getByText(/its printed QR code stops working at once/).waitFor();
        await screenshot(page, `admin-tables-delete-${size}`);
        await del.getByRole('button', { name: `Delete ${renamed}` }).click();
        await page.getByRole('status').getByText(`Deleted table ${renamed}.`).waitFor();
        await renamedCard.waitFor({ state: 'detached' });
        expect((await list()).some((t) => t.id === mine.id)).toBe(false);
        expect(await publicStatus(rotated.qr_token)).toBe(404);
        await fits(page, `admin-tables-after-${size}`);
      } finally {
        await context.close();
      }
    });
  }
});
