import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSql, type Sql } from '../../worker/src/db/client';
import { lowContrast, unnamedControls } from './a11y';
import { launch, type Server, signIn, startServer } from './harness';
import { checkLayout, FITS, PHONE, TABLET } from './layout';

/**
 * Quick switch on a shared tablet: a manager registers it, staff switch with a PIN on the lock
 * screen, an order queued by the cashier still goes out as hers after the waiter switched in,
 * and the tablet locks itself after its idle time.
 */
describe.skipIf(!inject('chromium'))('quick staff switch on a shared device', () => {
  let server: Server;
  let browser: Browser;
  let ownerToken: string;
  let sql: Sql | null = null;
  let tablet: BrowserContext;
  let page: Page;
  const users: Record<string, string> = {};

  const a11y = async (p: Page, where: string) => {
    expect(await unnamedControls(p), `unnamed controls on ${where}`).toEqual([]);
    expect(await lowContrast(p), `low contrast on ${where}`).toEqual([]);
  };
  const pinIn = async (p: Page, name: string, pin: string) => {
    const lock = p.getByRole('main', { name: 'Locked' });
    await lock.getByRole('button', { name }).click();
    for (const d of pin) await lock.getByRole('button', { name: d, exact: true }).click();
    await lock.getByRole('button', { name: 'Enter PIN' }).click();
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    ownerToken = await server.token('owner@demo.test');
    if (server.dbUrl) sql = createSql(server.dbUrl, { max: 1 });
    const list = await server.json<{ data: { id: string; email: string }[] }>(
      'GET',
      '/users',
      ownerToken,
    );
    for (const u of list.data) users[u.email] = u.id;
    for (const [email, pin] of [
      ['cashier@demo.test', '1357'],
      ['waiter@demo.test', '2468'],
    ] as const) {
      await server.json('PATCH', `/users/${users[email]}`, ownerToken, { pin });
    }
    tablet = await browser.newContext({ viewport: TABLET });
    page = await tablet.newPage();
  });
  afterAll(async () => {
    await sql?.end({ timeout: 1 });
    await browser?.close();
    await server?.stop();
  });

  it('a manager registers the tablet as a shared device', async () => {
    await signIn(page, server, 'manager@demo.test');
    await page.getByRole('tab', { name: 'Coffee' }).waitFor();
    await page.getByRole('button', { name: 'Share device' }).click();
    const dialog = page.getByRole('dialog', { name: 'Shared device' });
    await dialog.getByRole('textbox', { name: 'Device name' }).fill('Counter tablet');
    await dialog.getByRole('textbox', { name: /idle minutes/ }).fill('0');
    const register = dialog.getByRole('button', { name: 'Register this device' });
    expect(await checkLayout(page, 'device-setup', [register])).toEqual(FITS);
    await a11y(page, 'device setup');
    await register.click();
    await page.getByRole('button', { name: 'Lock' }).waitFor();
    const devices = await server.json<{ data: { name: string }[] }>('GET', '/devices', ownerToken);
    expect(devices.data.map((d) => d.name)).toEqual(['Counter tablet']);
  });

  it('the lock screen shows staff tiles; the cashier switches in with her PIN', async () => {
    await page.getByRole('button', { name: 'Lock' }).click();
    const lock = page.getByRole('main', { name: 'Locked' });
    await lock.getByRole('button', { name: 'Carla Cashier' }).waitFor();
    // Only staff with a PIN have a tile.
    expect(await lock.getByRole('button', { name: 'Olivia Owner' }).count()).toBe(0);
    await lock.getByRole('button', { name: 'Carla Cashier' }).click();
    expect(
      await checkLayout(page, 'lock', [lock.getByRole('button', { name: 'Enter PIN' })]),
    ).toEqual(FITS);
    await a11y(page, 'lock screen');
    // A wrong PIN is refused and says so.
    for (const d of '0000') await lock.getByRole('button', { name: d, exact: true }).click();
    await lock.getByRole('button', { name: 'Enter PIN' }).click();
    await lock.getByRole('alert').getByText('Wrong PIN.').waitFor();
    await pinIn(page, 'Carla Cashier', '1357');
    await page.locator('.topbar .who', { hasText: 'Carla Cashier' }).waitFor();
    await page.getByRole('tab', { name: 'Coffee' }).waitFor();
  });

  it('an order the cashier queued goes out as hers after the waiter switched in', async () => {
    // The network drops for orders: hers waits in the outbox.
    await page.route('**/api/v1/orders', (r) =>
      r.request().method() === 'POST' ? r.abort('internetdisconnected') : r.fallback(),
    );
    await page.getByRole('tab', { name: 'Cakes & Pastries' }).click();
    await page.getByRole('button', { name: /^Butter Croissant/ }).click();
    await page.getByRole('button', { name: 'Send to kitchen' }).click();
    await page.getByText('1 order pending').waitFor();

    await page.getByRole('button', { name: 'Lock' }).click();
    await pinIn(page, 'Wes Waiter', '2468');
    await page.locator('.topbar .who', { hasText: 'Wes Waiter' }).waitFor();
    await page.getByText('1 order pending').waitFor();

    await page.unroute('**/api/v1/orders');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.getByText('1 order pending').waitFor({ state: 'detached', timeout: 60_000 });
    const orders = await server.json<{ data: { id: string; lines: { name: string }[] }[] }>(
      'GET',
      '/orders?limit=10',
      ownerToken,
    );
    const croissant = orders.data.find((o) => o.lines.some((l) => l.name === 'Butter Croissant'));
    expect(croissant).toBeTruthy();
    if (sql) {
      const [row] = await sql<{ created_by: string }[]>`
        select created_by from orders where id = ${croissant!.id}`;
      expect(row!.created_by).toBe(users['cashier@demo.test']);
    }
  });

  it('locks itself after the idle time (phone)', async () => {
    const phone = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
    try {
      const p = await phone.newPage();
      await p.clock.install();
      await signIn(p, server, 'manager@demo.test');
      await p.getByRole('tab', { name: 'Coffee' }).waitFor();
      await p.getByRole('button', { name: 'Share device' }).click();
      const dialog = p.getByRole('dialog', { name: 'Shared device' });
      await dialog.getByRole('textbox', { name: 'Device name' }).fill('Phone');
      await dialog.getByRole('textbox', { name: /idle minutes/ }).fill('1');
      await dialog.getByRole('button', { name: 'Register this device' }).click();
      await p.getByRole('button', { name: 'Lock' }).waitFor();
      await p.getByRole('tab', { name: 'Coffee' }).click();
      await p.clock.fastForward('01:05');
      const lock = p.getByRole('main', { name: 'Locked' });
      await lock.getByRole('button', { name: 'Carla Cashier' }).waitFor();
      expect(await checkLayout(p, 'lock')).toEqual(FITS);
      await a11y(p, 'lock screen on a phone');
      // A reload keeps it locked.
      await p.reload();
      await p.getByRole('main', { name: 'Locked' }).waitFor();
    } finally {
      await phone.close();
    }
  });
});
