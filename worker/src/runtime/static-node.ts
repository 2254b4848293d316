import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import type { ContentEncoding } from '../catalog/ports';
import { etagMatches, negotiateEncoding } from '../catalog/sync';
import { cacheControlFor } from '../delivery/headers';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};
const SUFFIX: Record<ContentEncoding, string> = { br: '.br', gzip: '.gz' };

interface StaticFile {
  path: string;
  type: string;
  etag: string;
  /** Whole seconds: HTTP dates carry no more. */
  modified: number;
  encodings: ContentEncoding[];
}

/** Build output that is not for browsers (Vite's manifest, the build stamp, edge config). */
const hidden = (name: string) => name.startsWith('.') || name === '_headers';

function scan(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string) => {
    const names = new Set(readdirSync(dir));
    for (const name of names) {
      if (hidden(name) || name.endsWith('.br') || name.endsWith('.gz')) continue;
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) {
        walk(path);
        continue;
      }
      const hash = createHash('sha256').update(readFileSync(path)).digest('base64url');
      const url = `/${relative(root, path).split(sep).join('/')}`;
      files.set(url, {
        path,
        type: TYPES[extname(name)] ?? 'application/octet-stream',
        etag: `"${hash.slice(0, 22)}"`,
        modified: Math.floor(stat.mtimeMs / 1000),
        encodings: (['br', 'gzip'] as const).filter((e) => names.has(name + SUFFIX[e])),
      });
    }
  };
  walk(root);
  return files;
}

/**
 * The built PWA on Node: the brotli or gzip file the build wrote beside each text asset, chosen by
 * Accept-Encoding; hashed assets immutable for a year, everything else revalidated (ETag and
 * Last-Modified, 304 when unchanged). Paths that name no file get the app shell (index.html), so
 * client routes work on reload; a missing hashed asset is a 404, never HTML under a .js name.
 */
export function nodeStatic(root: string): MiddlewareHandler {
  const files = scan(root);
  const bytes = new Map<string, Buffer>();
  const read = (path: string) => {
    let b = bytes.get(path);
    if (!b) {
      b = readFileSync(path);
      bytes.set(path, b);
    }
    return b;
  };
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      return next();
    }
    let file = files.get(path);
    if (!file && !path.startsWith('/assets/') && !extname(path)) file = files.get('/index.html');
    if (!file) return next();

    const encoding = negotiateEncoding(c.req.header('accept-encoding'), file.encodings);
    // Each encoding is its own representation, so its own (strong) validator.
    const etag = encoding ? `${file.etag.slice(0, -1)}-${encoding}"` : file.etag;
    const headers: Record<string, string> = {
      'Content-Type': file.type,
      'Cache-Control': cacheControlFor(path),
      ETag: etag,
      'Last-Modified': new Date(file.modified * 1000).toUTCString(),
    };
    if (file.encodings.length) headers.Vary = 'Accept-Encoding';
    const inm = c.req.header('if-none-match');
    const ims = Date.parse(c.req.header('if-modified-since') ?? '');
    if (inm ? etagMatches(inm, etag) : ims >= file.modified * 1000) {
      return c.body(null, 304, headers);
    }
    if (encoding) headers['Content-Encoding'] = encoding;
    const body = read(encoding ? file.path + SUFFIX[encoding] : file.path);
    headers['Content-Length'] = String(body.byteLength);
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(new Uint8Array(body), 200, headers);
  };
}
