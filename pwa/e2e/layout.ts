import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** The two screens every staff screen must fit: a phone and a tablet (landscape). */
export const PHONE = { width: 390, height: 844 } as const;
export const TABLET = { width: 1024, height: 768 } as const;
export const SIZES = [
  { name: 'phone', viewport: PHONE },
  { name: 'tablet', viewport: TABLET },
] as const;

/**
 * The whole range the staff app must work at (issue 13): small, usual and large phones, a phone
 * turned sideways, tablets upright and sideways, a large tablet. `touch` sizes are emulated as
 * mobile devices (touch events, the phone's viewport meta).
 */
export const SWEEP = [
  { name: 'phone-small', viewport: { width: 360, height: 740 }, touch: true },
  { name: 'phone', viewport: PHONE, touch: true },
  { name: 'phone-large', viewport: { width: 430, height: 932 }, touch: true },
  { name: 'phone-landscape', viewport: { width: 844, height: 390 }, touch: true },
  { name: 'tablet-portrait', viewport: { width: 768, height: 1024 }, touch: true },
  { name: 'tablet', viewport: TABLET, touch: false },
  { name: 'tablet-large', viewport: { width: 1366, height: 1024 }, touch: false },
] as const;

/** Smallest touch target (WCAG 2.5.5 enhanced, Apple and Material guidance). */
export const MIN_TAP = 44;

const SCREENS = join(process.cwd(), '.tmp', 'screens');

/** How far the page scrolls sideways: > 0 means something is wider than the screen. */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    return el.scrollWidth - window.innerWidth;
  });
}

/**
 * Visible controls smaller than MIN_TAP in either direction, as "role name (w×h)". Checkbox and
 * radio inputs count by their label (the label is the target); links inside running text and
 * controls inside `[data-tap-exempt]` (e.g. an ag-grid) are left out.
 */
export async function smallTapTargets(page: Page, min = MIN_TAP): Promise<string[]> {
  return page.evaluate((min) => {
    const out: string[] = [];
    const sel =
      'button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=tab], summary';
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      if (el.closest('[data-tap-exempt], .sr-only, .ag-root-wrapper')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      let target: HTMLElement = el;
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
        target = el.closest('label') ?? el;
      }
      const r = target.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      // A link in a sentence is exempt (WCAG 2.5.8 "inline").
      if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') continue;
      if (r.width + 0.5 < min || r.height + 0.5 < min) {
        const name =
          el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? el.tagName;
        out.push(
          `${el.tagName.toLowerCase()} "${name}" (${Math.round(r.width)}×${Math.round(r.height)})`,
        );
      }
    }
    return out;
  }, min);
}

/** True when the element is wholly inside the viewport (not clipped, not below the fold). */
export async function inViewport(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  if (!box) return false;
  const size = await locator.page().evaluate(() => ({ w: innerWidth, h: innerHeight }));
  return (
    box.x >= -0.5 &&
    box.y >= -0.5 &&
    box.x + box.width <= size.w + 0.5 &&
    box.y + box.height <= size.h + 0.5
  );
}

/** Saves `.tmp/screens/<name>-<w>x<h>.png` (the viewport as the user sees it). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS, { recursive: true });
  const v = page.viewportSize();
  const file = join(SCREENS, `${name}-${v?.width ?? 0}x${v?.height ?? 0}.png`);
  await page.screenshot({ path: file });
  return file;
}

export interface LayoutReport {
  overflow: number;
  small: string[];
  offscreen: string[];
}

/**
 * One call per screen: screenshot, sideways overflow, tap sizes, and whether each main action
 * (a locator) is within the viewport. Assert on the report so a failure names what broke:
 * `expect(await checkLayout(page, 'pos', [charge])).toEqual(FITS)`.
 */
export async function checkLayout(
  page: Page,
  name: string,
  mainActions: Locator[] = [],
): Promise<LayoutReport> {
  await screenshot(page, name);
  const offscreen: string[] = [];
  for (const a of mainActions) {
    if (!(await inViewport(a))) offscreen.push(String(a));
  }
  return {
    overflow: Math.max(0, await sidewaysOverflow(page)),
    small: await smallTapTargets(page),
    offscreen,
  };
}

/** What checkLayout answers for a screen that fits. */
export const FITS: LayoutReport = { overflow: 0, small: [], offscreen: [] };
