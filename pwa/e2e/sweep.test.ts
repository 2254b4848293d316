import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Catalog, Order } from '../src/api/types';
import { launch, type Server, signIn, startServer } from './harness';
import { checkLayout, FITS, type LayoutReport, SWEEP } from './layout';

/** Phones upright or sideways get the cart sheet (styles.css); the admin menu folds by width. */
const sheet = (v: { width: number; height: number }) => v.width < 760 || v.height <= 500;

/** Every admin section, by its path under /admin. */
const ADMIN = [
  'products',
  'import',
  'categories',
  'modifier-groups',
  'tax-rates',
  'staff',
  'orders',
  'tables',
  'floor',
  'stations',
  'reports',
  'audit',
  'settings',
];

/** What shows once a section's data is in (so the screenshot is not of an empty screen). */
const READY: Record<string, (page: Page) => Locator> = {
  products: (p) => p.getByRole('button', { name: 'Edit Black Tea' }),
  tables: (p) => p.getByRole('button', { name: 'Edit T1' }),
  floor: (p) => p.getByRole('tab', { name: 'Inside' }),
  staff: (p) => p.getByText('cashier@demo.test').first(),
};

/**
 * Every staff screen at every size of SWEEP (360–430 px phones, a phone sideways, tablets
 * upright and sideways, 1366 px): no sideways scroll, 44 px touch targets, the screen's main
 * action in view. One browser; per size one context signed in as the owner (who sees every
 * screen), moving between screens in the app. Screenshots: .tmp/screens/sweep-<screen>-<w>x<h>.png.
 * All screens of a size are checked before the assertion, so a failure lists every screen that
 * broke at that size.
 */
describe.skipIf(!inject('chromium'))('every staff screen at every size', () => {
  let server: Server;
  let browser: Browser;
  let owner: string;
  let table: { id: string; name: string };

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
    owner = await server.token('owner@demo.test');
    const waiter = await server.token('waiter@demo.test');
    const users = await server.json<{ data: { id: string; email: string }[] }>(
      'GET',
      '/users',
      owner,
    );
    const me = users.data.find((u) => u.email === 'owner@demo.test')!;
    await server.json('PATCH', `/users/${me.id}`, owner, { pin: '2580' });
    // A changed PIN ends that user's logins: sign in again.
    owner = await server.token('owner@demo.test');
    const catalog = await server.json<Catalog>('GET', '/catalog', owner);
    const product = (name: string) => catalog.products.find((p) => p.name === name)!.id;
    table = (await server.json<{ data: { id: string; name: string }[] }>('GET', '/tables', owner))
      .data[1]!;
    // A table's tab with a held course: the floor, the kitchen and the POS have something on them.
    await server.json<Order>('POST', '/orders', waiter, {
      id: crypto.randomUUID(),
      type: 'dine_in',
      table_id: table.id,
      lines: [
        { id: crypto.randomUUID(), product_id: product('Bircher Muesli'), quantity: 1 },
        { id: crypto.randomUUID(), product_id: product('Vegan Wrap'), quantity: 2, course: 2 },
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** In-app navigation (the router follows history), so the app is not reloaded per screen. */
  const go = (page: Page, path: string) =>
    page.evaluate((to) => {
      history.pushState(null, '', to);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, path);

  for (const size of SWEEP) {
    const { width, height } = size.viewport;
    it(`${size.name} (${width} × ${height}): every screen fits`, async () => {
      const context = await browser.newContext({
        viewport: size.viewport,
        hasTouch: size.touch,
        isMobile: size.touch,
      });
      const reports: Record<string, LayoutReport> = {};
      const check = async (page: Page, name: string, actions: Locator[] = []) => {
        const r = await checkLayout(page, `sweep-${name}`, actions);
        // A grid of 40 same-sized inputs is one finding, not 40.
        const counts = new Map<string, number>();
        for (const s of r.small) counts.set(s, (counts.get(s) ?? 0) + 1);
        const small = [...counts].map(([s, n]) => (n > 1 ? `${s} ×${n}` : s));
        reports[name] = { ...r, small };
      };
      try {
        const page = await context.newPage();
        const narrow = sheet(size.viewport);
        await signIn(page, server, 'owner@demo.test');
        await page.waitForURL('**/pos');
        await page.getByRole('tab', { name: 'Coffee' }).waitFor();
        const cart = page.getByRole('region', { name: 'Cart' });
        const bar = page.getByRole('button', { name: /^Cart · / });
        const charge = cart.getByRole('button', { name: /^Charge/ });
        await check(page, 'pos', [narrow ? bar : charge]);
        // The sticky top bar leaves the screen to the work: an owner's screens menu is one row
        // that scrolls sideways within itself (wrapped, it took 174 px of a 740 px phone).
        const topbar = await page.locator('header.topbar').boundingBox();
        expect(topbar!.height, 'top bar height').toBeLessThanOrEqual(120);

        // A shift, so the cash sale below belongs to it and the shift can close to a Z report.
        await go(page, '/shift');
        const open = page.getByRole('button', { name: 'Open shift' });
        await open.waitFor();
        await check(page, 'shift', [open]);
        await page.getByLabel('Opening float').fill('100');
        await open.click();
        await page.getByText(/^Shift open since/).waitFor();
        await check(page, 'shift-open');

        await go(page, '/pos');
        await page.getByRole('tab', { name: 'Coffee' }).waitFor();
        await page.getByRole('button', { name: /^Cappuccino/ }).click();
        const mods = page.getByRole('dialog', { name: 'Cappuccino' });
        const add = mods.getByRole('button', { name: /Add to order/ });
        await add.waitFor();
        await check(page, 'modifiers', [add]);
        await mods.getByRole('checkbox', { name: /Small/ }).check();
        await add.click();
        await mods.waitFor({ state: 'detached' });

        if (narrow) await bar.click();
        await check(page, 'cart', [cart.getByRole('button', { name: 'Send to kitchen' }), charge]);
        await charge.click();
        const pay = page.getByRole('dialog', { name: /Pay order/ });
        const cash = pay.getByRole('button', { name: 'Cash' });
        await cash.waitFor();
        await check(page, 'payment', [cash]);
        await cash.click();
        const take = pay.getByRole('button', { name: 'Take cash' });
        await take.waitFor();
        await check(page, 'payment-cash', [take]);
        await pay.getByRole('group', { name: 'Quick amounts' }).getByRole('button').first().click();
        await take.click();
        await pay.getByText('Paid in full.').waitFor({ timeout: 15_000 });
        const paidDone = pay.getByRole('button', { name: 'Done' });
        await check(page, 'paid', [paidDone]);
        await paidDone.click();
        await pay.waitFor({ state: 'detached' });

        // The table's open order: its actions, and the discount step with its sticky footer.
        const manage = page.getByRole('button', { name: /^Manage order/ }).first();
        await manage.click();
        const actions = page.getByRole('dialog', { name: /: actions$/ });
        const done = actions.getByRole('button', { name: 'Done' });
        await done.waitFor();
        await check(page, 'order-actions', [done]);
        await actions.getByRole('button', { name: 'Discount', exact: true }).click();
        const apply = actions.getByRole('button', { name: 'Apply discount' });
        await apply.waitFor();
        await check(page, 'discount', [apply]);
        await actions.getByRole('button', { name: 'Close' }).click();
        await actions.waitFor({ state: 'detached' });

        await go(page, '/orders');
        const search = page.getByRole('searchbox', { name: /Search by ticket/ });
        await search.waitFor();
        await page
          .getByRole('button', { name: /^Refund Order #/ })
          .first()
          .waitFor();
        await check(page, 'history', [search]);
        await page
          .getByRole('button', { name: /^Refund Order #/ })
          .first()
          .click();
        const refund = page.getByRole('dialog', { name: /^Refund order #/ });
        const refundButton = refund.getByRole('button', { name: /^Refund/ });
        await refundButton.waitFor();
        await check(page, 'refund', [refundButton]);
        await refund.getByRole('button', { name: 'Close' }).click();
        await refund.waitFor({ state: 'detached' });

        await go(page, '/shift');
        const close = page.getByRole('button', { name: 'Close shift' });
        await page.getByText(/^Shift open since/).waitFor();
        await page.getByRole('spinbutton', { name: /\b50[.,]00 notes/ }).fill('2');
        await check(page, 'shift-close');
        await close.click();
        await page.getByRole('heading', { name: 'Z report' }).waitFor();
        await check(page, 'z-report', [page.getByRole('button', { name: 'Print' })]);

        await go(page, '/floor');
        const tile = page.getByRole('button', { name: new RegExp(`^${table.name}, `) });
        await tile.waitFor();
        await check(page, 'floor', [tile]);
        await tile.click();
        const tableSheet = page.getByRole('dialog', { name: `Table ${table.name}` });
        const split = tableSheet.getByRole('button', { name: /^Split #/ });
        await split.waitFor();
        await check(page, 'floor-table', [split]);
        await split.click();
        const bills = page.getByRole('dialog', { name: /^Split bill #/ });
        await bills.getByRole('tab', { name: 'By seat' }).waitFor();
        await check(page, 'split-bill');
        await bills.getByRole('button', { name: 'Close' }).click();
        await bills.waitFor({ state: 'detached' });
        // (The table's sheet gives way to the split dialog.)
        await tableSheet.waitFor({ state: 'detached' });

        await go(page, `/pos?table=${table.id}`);
        await page.getByRole('tab', { name: 'Coffee' }).waitFor();
        await page.getByRole('button', { name: 'Fire course 2' }).waitFor();
        await check(
          page,
          'pos-table',
          narrow ? [page.getByRole('button', { name: /^Tab · / })] : [],
        );
        if (narrow) {
          await page.getByRole('button', { name: /^Tab · / }).click();
          const tab = page.getByRole('region', { name: 'Tab' });
          const fire = tab.getByRole('button', { name: 'Fire course 2' });
          await fire.waitFor();
          await check(page, 'pos-tab', [fire, tab.getByRole('button', { name: 'Pay' })]);
          await tab.getByRole('button', { name: 'Close the tab' }).click();
        }

        await go(page, '/kitchen');
        await page.getByRole('heading', { name: 'Kitchen' }).waitFor();
        await page
          .getByRole('article', { name: /^Ticket #/ })
          .first()
          .waitFor();
        await check(page, 'kitchen');

        for (const section of ADMIN) {
          await go(page, `/admin/${section}`);
          // (The section menu is folded away on phones.)
          await page.locator('#admin-sections').waitFor({ state: 'attached' });
          // Each section loads its data; give it a moment to draw before measuring.
          await page.waitForLoadState('networkidle');
          await READY[section]?.(page).waitFor();
          await check(page, `admin-${section}`);
        }
        // The demo's confirmed default rate shows as chosen (the rates load after the form).
        await go(page, '/admin/settings');
        await expect
          .poll(() =>
            page
              .getByLabel('Default tax rate for new products')
              .evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? ''),
          )
          .toMatch(/19 %/);
        // The screens menu scrolls sideways on phones: the current screen's entry is in view.
        const current = await page
          .getByRole('navigation', { name: 'Screens' })
          .getByRole('link', { name: 'Admin' })
          .boundingBox();
        expect(current!.x, 'Admin in the screens menu').toBeGreaterThanOrEqual(0);
        expect(current!.x + current!.width, 'Admin in the screens menu').toBeLessThanOrEqual(width);
        if (width <= 760) {
          await page.getByRole('button', { name: /^Admin menu/ }).click();
          await check(page, 'admin-menu');
        }

        await page.getByRole('button', { name: 'Share device' }).click();
        const setup = page.getByRole('dialog', { name: 'Shared device' });
        const register = setup.getByRole('button', { name: 'Register this device' });
        await setup.getByRole('textbox', { name: 'Device name' }).fill(`Sweep ${size.name}`);
        await setup.getByRole('textbox', { name: /idle minutes/ }).fill('0');
        await check(page, 'device-setup', [register]);
        await register.click();
        await page.getByRole('button', { name: 'Lock' }).click();
        const lock = page.getByRole('main', { name: 'Locked' });
        const me = lock.getByRole('button', { name: 'Olivia Owner' });
        await me.waitFor();
        await check(page, 'lock', [me]);
        await me.click();
        const enter = lock.getByRole('button', { name: 'Enter PIN' });
        await enter.waitFor();
        await check(page, 'lock-pin', [enter]);
        for (const d of '2580') await lock.getByRole('button', { name: d, exact: true }).click();
        await enter.click();
        await lock.waitFor({ state: 'detached' });
      } finally {
        await context.close();
      }
      const broke = Object.fromEntries(
        Object.entries(reports).filter(([, r]) => JSON.stringify(r) !== JSON.stringify(FITS)),
      );
      expect(broke).toEqual({});
    });
  }
});
