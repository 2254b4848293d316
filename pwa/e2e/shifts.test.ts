import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Order, ShiftDetail } from '../src/api/types';
import { todayIn } from '../src/lib/zoned';
import { lowContrast, unnamedControls } from './a11y';
import { launch, type Server, signIn, startServer } from './harness';

/**
 * Cash shifts and reports in a real Chromium against the real Node server: a cashier opens a
 * shift, takes cash, counts the drawer note by note and closes it into the Z report; a manager
 * then finds the day's sales on the reports dashboard and downloads them as CSV.
 */
describe.skipIf(!inject('chromium'))('shifts and reports in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let ownerToken: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    ownerToken = await server.token('owner@demo.test');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const check = async (page: Page, where: string) => {
    expect(await unnamedControls(page), `unnamed controls on ${where}`).toEqual([]);
    expect(await lowContrast(page), `low contrast on ${where}`).toEqual([]);
  };

  it('cashier opens a shift, takes cash, closes it with the count helper and sees the Z report', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server, 'cashier@demo.test');
    await page.waitForURL('**/pos');
    const screens = page.getByRole('navigation', { name: 'Screens' });

    // Open the shift with a €100 float.
    await screens.getByRole('link', { name: 'Shift', exact: true }).click();
    await page.getByRole('heading', { name: 'No shift is open' }).waitFor();
    await page.getByLabel('Opening float').fill('100');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page.getByText(/^Shift open since/).waitFor();

    // An espresso, paid in cash on the POS.
    await screens.getByRole('link', { name: 'POS', exact: true }).click();
    await page.getByRole('tab', { name: 'Coffee' }).click();
    await page.getByRole('button', { name: /^Espresso/ }).click();
    await page
      .getByRole('dialog', { name: 'Espresso' })
      .getByRole('button', { name: /Add to order/ })
      .click();
    await page.getByRole('button', { name: 'Send to kitchen' }).click();
    const card = page.getByRole('article', { name: /^Order #\d+$/ });
    await card.waitFor();
    await card.getByRole('button', { name: 'Pay' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Cash' }).click();
    await dialog.getByRole('group', { name: 'Quick amounts' }).getByRole('button').first().click();
    await dialog.getByRole('button', { name: 'Take cash' }).click();
    await dialog.getByText('Paid in full.').waitFor({ timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect
      .poll(
        async () =>
          (await server.json<{ data: Order[] }>('GET', '/orders?limit=10', ownerToken)).data[0]
            ?.status,
        { timeout: 15_000 },
      )
      .toBe('paid');
    const [order] = (await server.json<{ data: Order[] }>('GET', '/orders?limit=10', ownerToken))
      .data;
    expect(order!.total).toBe(220);

    // The running X report has the sale; count 2 × €50, 1 × €2, 1 × €0.10 = €102.10.
    await screens.getByRole('link', { name: 'Shift', exact: true }).click();
    await page
      .getByTestId('expected-cash')
      .filter({ hasText: /102[.,]20/ })
      .waitFor();
    await page.getByRole('spinbutton', { name: /\b50[.,]00 notes/ }).fill('2');
    await page.getByRole('spinbutton', { name: /\b2[.,]00 coins/ }).fill('1');
    await page.getByRole('spinbutton', { name: /\b0[.,]10 coins/ }).fill('1');
    expect(await page.getByLabel('Counted cash').inputValue()).toMatch(/^102[.,]10$/);
    await page.getByText(/Expected .*102[.,]20, difference/).waitFor();
    await check(page, 'shift close');
    await page.getByRole('button', { name: 'Close shift' }).click();

    // The Z report.
    await page.waitForURL(/\/shift\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Z report' }).waitFor();
    await check(page, 'Z report');
    expect(await page.getByTestId('expected-cash').textContent()).toMatch(/102[.,]20/);
    expect(await page.getByTestId('counted-cash').textContent()).toMatch(/102[.,]10/);
    expect(await page.getByTestId('difference').textContent()).toMatch(/^[-−]\D*0[.,]10/);
    // No refunds in this shift: the figure is a plain zero, not "−€0.00".
    const refunds = page.locator('dt', { hasText: /^Refunds \(0\)$/ }).locator('+ dd');
    expect(await refunds.textContent()).toMatch(/^[^−-]*0[.,]00/);
    const shiftId = page.url().split('/').at(-1)!;
    const shift = await server.json<ShiftDetail>('GET', `/shifts/${shiftId}`, ownerToken);
    expect(shift.status).toBe('closed');
    expect(shift.z_report).toMatchObject({
      expected_cash: 10220,
      counted_cash: 10210,
      difference: -10,
      sales_by_method: { cash: 220, card: 0 },
    });

    // Print opens the 80 mm Z report.
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Print' }).click(),
    ]);
    await popup.getByText('Z REPORT').waitFor();

    // The shift screen offers to open a new one and lists this one's Z report.
    await page.getByRole('link', { name: '← Shift' }).click();
    await page.getByRole('heading', { name: 'No shift is open' }).waitFor();
    await page.getByRole('link', { name: /^Z report/ }).click();
    await page.getByRole('heading', { name: 'Z report' }).waitFor();
    await context.close();
  });

  it('manager sees the day on the reports dashboard and downloads it as CSV', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server, 'manager@demo.test');
    await page.waitForURL('**/pos');
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: 'Reports' })
      .click();
    await page.getByRole('heading', { name: 'Reports', exact: true }).waitFor();
    const today = todayIn('Europe/Berlin');
    // A row ag-grid is fading out (a grouping just replaced) lingers beside its replacement with the
    // same text, both at opacity zero for a moment: only settled rows count.
    const gridRow = (text: string) =>
      page.locator('.ag-row:not(.ag-opacity-zero)').filter({ hasText: text });
    const row = gridRow(today);
    await row.waitFor();
    expect(await row.textContent()).toMatch(/2[.,]20/);
    await page.getByRole('img', { name: /^Sales by payment method: Cash/ }).waitFor();
    await check(page, 'reports');
    // Another grouping refills the grid (labels stay text after day rows: no date inference).
    await page.getByLabel('Group by').selectOption('category');
    await gridRow('Coffee').waitFor();
    await page.getByLabel('Group by').selectOption('day');
    await gridRow(today).waitFor();

    const [download, response] = await Promise.all([
      page.waitForEvent('download'),
      page.waitForResponse(
        (r) => r.url().includes('/reports/sales') && r.request().headers().accept === 'text/csv',
      ),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(response.headers()['content-type']).toMatch(/^text\/csv/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('key,label,orders,quantity,net,tax,gross');
    expect(lines.find((l) => l.startsWith(today))).toMatch(/,220$/);
    expect(download.suggestedFilename()).toMatch(/^sales-by-day-.*\.csv$/);
    await page.getByText('CSV downloaded.').waitFor();
    await context.close();
  });
});
