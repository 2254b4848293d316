import { describe, expect, it } from 'vitest';
import {
  cacheControlFor,
  contentSecurityPolicy,
  edgeHeadersFile,
  htmlSecurityHeaders,
  IMMUTABLE,
  isHtml,
} from './headers';

const directives = (csp: string) =>
  Object.fromEntries(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );

describe('delivery headers', () => {
  it('allows no inline script and no eval, and no framing', () => {
    const d = directives(contentSecurityPolicy());
    expect(d['script-src']).toEqual(["'self'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(JSON.stringify(d)).not.toContain('unsafe-eval');
    expect(d['default-src']).toEqual(["'self'"]);
  });

  it('admits exactly the hashed scripts it is given', () => {
    const d = directives(contentSecurityPolicy(['sha256-abc=']));
    expect(d['script-src']).toEqual(["'self'", "'sha256-abc='"]);
  });

  it('puts nosniff, no-referrer and DENY beside the CSP', () => {
    expect(htmlSecurityHeaders()).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
  });

  it('caches hashed assets for a year and revalidates everything else', () => {
    expect(cacheControlFor('/assets/index-abc123.js')).toBe(IMMUTABLE);
    for (const p of [
      '/',
      '/index.html',
      '/sw.js',
      '/manifest.webmanifest',
      '/icons/icon-192.png',
    ]) {
      expect(cacheControlFor(p), p).toBe('no-cache');
    }
  });

  it('recognises HTML by its media type', () => {
    expect(isHtml('text/html; charset=utf-8')).toBe(true);
    expect(isHtml('TEXT/HTML')).toBe(true);
    expect(isHtml('application/json')).toBe(false);
    expect(isHtml('text/htmlx')).toBe(false);
    expect(isHtml(null)).toBe(false);
  });

  it('writes the edge _headers with the immutable rule detached from the generic one', () => {
    const file = edgeHeadersFile();
    const [all, assets] = file.split('/assets/*');
    expect(all).toContain('Content-Security-Policy: ');
    expect(all).toContain('Cache-Control: no-cache');
    expect(assets).toContain('! Cache-Control');
    expect(assets).toContain(`Cache-Control: ${IMMUTABLE}`);
  });
});
