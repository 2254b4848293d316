/**
 * The guest page on the server (Node and workerd alike): the same Guest component the browser
 * hydrates, rendered to HTML with the menu already in it. Built by pwa/build.ts into
 * pwa/dist/.server/guest-page.js with the client build's asset names baked in; each runtime's entry
 * hands `renderer` to createApp.
 */
import { generateHydrationScript, renderToString } from 'solid-js/web';
import type { GuestPageRenderer } from '../../../worker/src/delivery/guest-page';
import type { PublicMenu } from '../api/types';
import { Guest } from './Guest';
import { NotFound } from './NotFound';

interface GuestAssets {
  /** The guest's client entry and the chunks it imports statically. */
  entry: string;
  preload: string[];
  css: string[];
}
declare const __GUEST_ASSETS__: GuestAssets;
declare const __GUEST_BUILD__: string;
declare const __HYDRATION_HASH__: string;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

function page(opts: { title: string; body: string; head?: string; scripts?: boolean }): string {
  const a = __GUEST_ASSETS__;
  const css = a.css.map((href) => `<link rel="stylesheet" href="${href}">`).join('');
  const scripts = opts.scripts
    ? [
        // Low priority: on a slow link the stylesheet (which gates the first paint of the menu
        // already in the HTML) gets the bandwidth first; the scripts only add behaviour.
        ...a.preload.map((href) => `<link rel="modulepreload" href="${href}" fetchpriority="low">`),
        `<script type="module" src="${a.entry}" fetchpriority="low"></script>`,
      ].join('')
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#0f766e">
<title>${escapeHtml(opts.title)}</title>
<link rel="icon" href="/icons/icon-192.png" type="image/png">
<link rel="manifest" href="/manifest.webmanifest">
${css}${scripts}${opts.head ?? ''}</head>
<body><div id="app">${opts.body}</div></body></html>`;
}

/** The inline script Solid's hydration needs (pwa/build.ts puts its hash in scriptHashes). */
const bootstrapTag = generateHydrationScript();
export const hydrationBootstrap =
  /^<script[^>]*>([\s\S]*?)<\/script>/.exec(bootstrapTag)?.[1] ?? '';

export const renderer: GuestPageRenderer = {
  build: __GUEST_BUILD__,
  scriptHashes: [__HYDRATION_HASH__],
  async menu(menu, qr) {
    const initial = menu as unknown as PublicMenu;
    const body = renderToString(() => <Guest qr={qr} initial={initial} />);
    // The menu as data (not script: the CSP does not apply to it) for the hydrating client.
    const data = JSON.stringify(initial).replace(/</g, '\\u003c');
    return page({
      title: `${menu.tenant.name} · Table ${menu.table.name}`,
      body,
      head: `${bootstrapTag}<script type="application/json" id="guest-data">${data}</script>`,
      scripts: true,
    });
  },
  async notFound() {
    return page({ title: 'QR code not valid · Comanda', body: renderToString(() => <NotFound />) });
  },
};
