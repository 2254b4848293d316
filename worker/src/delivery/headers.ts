/**
 * How the app is delivered: the security headers of HTML and JSON answers and the cache policy of
 * static files. Pure, so the Node server, the worker's own pages and the edge's `_headers` file
 * (written at build time) all say the same thing.
 */

/**
 * The Content-Security-Policy of every HTML page. No inline script and no eval anywhere: the
 * refresh token lives in localStorage, so an injected script must have nowhere to run. Extra
 * `'sha256-…'` sources admit one exact script (the SSR hydration bootstrap).
 *
 * Styles allow 'unsafe-inline': ag-grid's theming API injects <style> elements and Solid writes
 * style attributes. Inline CSS cannot read storage or send requests, so this keeps the guarantee
 * that matters (no script the app did not ship) without a nonce, which static HTML cannot carry.
 */
export function contentSecurityPolicy(scriptHashes: readonly string[] = []): string {
  const script = ["'self'", ...scriptHashes.map((h) => `'${h}'`)].join(' ');
  return [
    "default-src 'self'",
    `script-src ${script}`,
    "style-src 'self' 'unsafe-inline'",
    // Product images are served by the API (same origin); data: for small SVG icons and QR codes.
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // 'self' also admits the same origin's ws:/wss: (CSP Level 3) for realtime.
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every HTML page carries. QR and tracking tokens live in URLs: no Referer leaks them. */
export function htmlSecurityHeaders(scriptHashes: readonly string[] = []): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(scriptHashes),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // For browsers that predate frame-ancestors.
    'X-Frame-Options': 'DENY',
  };
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/**
 * Files under /assets/ carry a content hash in their name (Vite's output), so they never change
 * and are cached for a year. Everything else (HTML, sw.js, the manifest, workbox, icons) keeps its
 * name across releases and is revalidated on every use.
 */
export function cacheControlFor(path: string): string {
  return path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE;
}

/** Whether a response is an HTML page (and so needs the CSP). */
export function isHtml(contentType: string | null | undefined): boolean {
  return !!contentType && /^text\/html\b/i.test(contentType);
}

/**
 * The edge's `_headers` file (Cloudflare static assets): the same headers for the files wrangler
 * serves before the worker runs. `! Cache-Control` detaches the generic rule from hashed assets.
 */
export function edgeHeadersFile(): string {
  const html = htmlSecurityHeaders();
  const lines = ['/*'];
  for (const [k, v] of Object.entries(html)) lines.push(`  ${k}: ${v}`);
  lines.push(`  Cache-Control: ${REVALIDATE}`);
  lines.push('/assets/*');
  lines.push('  ! Cache-Control');
  lines.push(`  Cache-Control: ${IMMUTABLE}`);
  return `${lines.join('\n')}\n`;
}
