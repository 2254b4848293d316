import type { Page } from 'playwright-core';

/** Interactive roles that must carry an accessible name. */
const NAMED_ROLES = new Set([
  'button',
  'link',
  'textbox',
  'checkbox',
  'radio',
  'combobox',
  'tab',
  'spinbutton',
  'searchbox',
  'menuitem',
  'switch',
  'slider',
]);

interface AXNode {
  role?: { value?: string };
  name?: { value?: string };
  ignored?: boolean;
  properties?: { name: string; value: { value?: unknown } }[];
}

/** Controls without an accessible name, from Chromium's own accessibility tree (CDP). */
export async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    return nodes
      .filter((n) => !n.ignored && NAMED_ROLES.has(String(n.role?.value)))
      .filter((n) => !String(n.name?.value ?? '').trim())
      .map((n) => String(n.role?.value));
  } finally {
    await cdp.detach();
  }
}

/**
 * Text below WCAG AA contrast: 4.5:1, or 3:1 for large text (≥ 24 px, or ≥ 18.66 px bold).
 * Colours are read from computed styles; the background is the nearest opaque one up the tree.
 * Disabled controls are exempt (WCAG 1.4.3).
 */
export async function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const parse = (c: string): [number, number, number, number] => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
    };
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg[3] >= 0.99) return bg;
      }
      return [255, 255, 255, 1];
    };
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const el = t.parentElement;
      if (!el || !t.textContent?.trim()) continue;
      if (el.closest('[disabled],[aria-disabled="true"],.ag-root-wrapper,noscript,svg')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (el.closest('.sr-only')) continue;
      const fg = parse(style.color);
      const bg = background(el);
      const opacity = Number(style.opacity);
      // Blend the text colour over its background when it is translucent.
      const a = fg[3] * opacity;
      const mixed = [0, 1, 2].map((i) => fg[i]! * a + bg[i]! * (1 - a));
      const l1 = lum(mixed);
      const l2 = lum(bg);
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      const size = Number.parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      if (ratio < need) out.push(`${t.textContent.trim().slice(0, 30)} (${ratio.toFixed(2)}:1)`);
    }
    return out;
  });
}
