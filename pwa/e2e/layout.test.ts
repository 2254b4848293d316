import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Server, startServer } from './harness';
import { checkLayout, FITS, SIZES } from './layout';

/** The layout checks themselves, on the login screen at both sizes. */
describe.skipIf(!inject('chromium'))('layout checks in Chromium', () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const size of SIZES) {
    it(`login fits the ${size.name}`, async () => {
      const context = await browser.newContext({ viewport: size.viewport });
      try {
        const page = await context.newPage();
        await page.goto(`${server.url}/login`);
        const signIn = page.getByRole('button', { name: 'Sign in' });
        await signIn.waitFor();
        expect(await checkLayout(page, `login-${size.name}`, [signIn])).toEqual(FITS);
      } finally {
        await context.close();
      }
    });
  }

  it('finds overflow, small targets and actions off screen', async () => {
    const context = await browser.newContext({ viewport: SIZES[0].viewport });
    try {
      const page = await context.newPage();
      await page.setContent(
        '<div style="width:800px">wide</div><button style="width:20px;height:20px">x</button>' +
          '<button id="low" style="margin-top:2000px;min-height:44px;min-width:44px">Low</button>',
      );
      const report = await checkLayout(page, 'layout-selftest', [page.locator('#low')]);
      expect(report.overflow).toBeGreaterThan(0);
      expect(report.small).toEqual([expect.stringContaining('"x"')]);
      expect(report.offscreen).toHaveLength(1);
    } finally {
      await context.close();
    }
  });
});
