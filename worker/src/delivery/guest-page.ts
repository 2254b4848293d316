import { type Context, Hono } from 'hono';
import { compressorOf } from '../catalog/routes';
import { ByteCache, etagMatches, negotiateEncoding } from '../catalog/sync';
import { databaseBudget } from '../common/database-budget';
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

/** A page in words while the database is away; the page retries by itself after a few seconds. */
function unavailablePage(renderer: GuestPageRenderer) {
  return (c: Context<AppEnv>) =>
    c.html(
      '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
        '<meta name="viewport" content="width=device-width,initial-scale=1">' +
        '<meta http-equiv="refresh" content="5"><title>One moment</title></head>' +
        '<body style="font:18px/1.5 system-ui,sans-serif;margin:2rem;max-width:32rem">' +
        '<h1>One moment, please</h1><p>The menu is taking longer than usual to load. ' +
        'This page tries again by itself in a few seconds.</p></body></html>',
      503,
      {
        'Retry-After': '5',
        'Cache-Control': 'no-store',
        ...htmlSecurityHeaders(renderer.scriptHashes),
      },
    );
}

/**
 * GET /t/{qr_token}: the table's menu as server-rendered HTML, readable before any script runs.
 * The ETag covers the build and the menu as served (catalog version, tenant and table names,
 * prices), so a catalog.changed makes every cached copy stale at once; If-None-Match → 304.
 */
export function guestPage(renderer: GuestPageRenderer, timeoutMs: number) {
  const app = new Hono<AppEnv>();
  // The same database budget as the API: a guest waits seconds at most, then reads why.
  app.use('/t/:qr_token', databaseBudget(timeoutMs, unavailablePage(renderer)));
  app.get('/t/:qr_token', async (c) => {
    const token = c.req.param('qr_token');
    const menu = await publicMenu(c.get('sql'), token, c.get('platform').config.PUBLIC_URL);
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
