import type { CatalogCache } from './head-cache';
import type { ContentEncoding } from './ports';
import type { CatalogHead } from './store';
import { catalogEtag, etagMatches, negotiateEncoding } from './sync';

/** An answer as plain data, so the Hono route and Node's fast path (runtime/fast-path.ts) share it. */
export interface CatalogAnswer {
  status: 200 | 304;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

/** The headers of every GET /catalog answer; the ETag only on a full one. */
export function catalogHeaders(etag?: string): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'private, no-cache',
    Vary: 'Accept-Encoding, Authorization',
  };
  if (etag) headers.ETag = etag;
  return headers;
}

/** Where a full catalog's encoded bytes are kept: image URLs embed the public URL. */
export const bodyKey = (
  tenantId: string,
  etag: string,
  encoding: ContentEncoding | null,
  publicUrl: string,
) => `${tenantId}|${etag}|${encoding ?? 'identity'}|${publicUrl}`;

/**
 * GET /catalog without `since`, from memory alone: a 304 when If-None-Match names the current ETag,
 * else the cached full body in the negotiated encoding. undefined when the body is not cached yet
 * (the route then builds it from the database).
 */
export function warmCatalog(
  cache: CatalogCache,
  tenantId: string,
  head: Pick<CatalogHead, 'version' | 'currency' | 'tax_inclusive'>,
  request: { ifNoneMatch: string | undefined; acceptEncoding: string | undefined },
  encodings: readonly ContentEncoding[],
  publicUrl: string,
): CatalogAnswer | undefined {
  const etag = catalogEtag(head.version, head.currency, head.tax_inclusive);
  if (etagMatches(request.ifNoneMatch, etag)) {
    return { status: 304, headers: catalogHeaders(etag), body: null };
  }
  const encoding = negotiateEncoding(request.acceptEncoding, encodings);
  const body = cache.bodies.get(bodyKey(tenantId, etag, encoding, publicUrl));
  if (!body) return undefined;
  const headers = catalogHeaders(etag);
  if (encoding) headers['Content-Encoding'] = encoding;
  return { status: 200, headers, body };
}
