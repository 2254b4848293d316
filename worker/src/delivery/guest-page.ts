import { Hono } from 'hono';
import { compressorOf } from '../catalog/routes';
import { ByteCache, etagMatches, negotiateEncoding } from '../catalog/sync';
import type { AppEnv } from '../common/env';
import { type PublicMenu, publicMenu } from '../tables/public-menu';
import { htmlSecurityHeaders, REVALIDATE } from './headers';

/**
 * Renders the guest's page from the PWA's own components (SolidJS on the server, hydrated in the
 * browser). The PWA's build provides it; each runtime's entry hands it to createApp, so the app
 * never imports the PWA.
 */
export interface GuestPageRenderer {
  /** Changes with every build: part of the page's ETag, as the page names that build's assets. */
  readonly build: string;
  /** CSP sources (`sha256-…`) of the inline scripts its pages hold: the hydration bootstrap. */
  readonly scriptHashes: readonly string[];
  menu(menu: PublicMenu, qrToken: string): Promise<string>;
  /** The page for a code no table has (never issued, rotated, deleted). */
  notFound(): Promise<string>;
}

const encoder = new TextEncoder();
/** Rendered and compressed pages per table, menu and encoding; a catalog write changes the tag. */
const pages = new ByteCache(16 * 1024 * 1024);

async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  return btoa(String.fromCharCode(...bytes.subarray(0, 12)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/**
 * GET /t/{qr_token}: the table's menu as server-rendered HTML, readable before any script runs.
 * The ETag covers the build and the menu as served (catalog version, tenant and table names,
 * prices), so a catalog.changed makes every cached copy stale at once; If-None-Match → 304.
 */
export function guestPage(renderer: GuestPageRenderer) {
  const app = new Hono<AppEnv>();
  app.get('/t/:qr_token', async (c) => {
    const platform = c.get('platform');
    const token = c.req.param('qr_token');
    const sql = platform.sql.open();
    let menu: PublicMenu | null;
    try {
      menu = await publicMenu(sql, token, platform.config.PUBLIC_URL);
    } finally {
      await platform.sql.close(sql);
    }
    const headers: Record<string, string> = {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': REVALIDATE,
      Vary: 'Accept-Encoding',
      ...htmlSecurityHeaders(renderer.scriptHashes),
    };
    if (!menu) return c.body(await renderer.notFound(), 404, headers);
    const etag = `W/"${renderer.build}-${await digest(JSON.stringify(menu))}"`;
    headers.ETag = etag;
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);

    // A menu page is always well over MIN_COMPRESS_BYTES (stylesheet, script, menu data).
    const compressor = compressorOf(c);
    const encoding = negotiateEncoding(c.req.header('accept-encoding'), compressor.encodings);
    const key = `${token}|${etag}|${encoding ?? 'identity'}`;
    let body = pages.get(key);
    if (!body) {
      const html = encoder.encode(await renderer.menu(menu, token));
      body = encoding ? await compressor.compress(html, encoding) : html;
      pages.set(key, body);
    }
    if (encoding) headers['Content-Encoding'] = encoding;
    return c.body(body as Uint8Array<ArrayBuffer>, 200, headers);
  });
  return app;
}
