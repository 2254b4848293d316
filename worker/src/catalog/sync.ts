import type { ContentEncoding } from './ports';

/** Pure rules of GET /catalog: which answer a client gets, its ETag, and its encoding. */

export type SyncPlan = { kind: 'full'; fallback: boolean } | { kind: 'delta'; since: number };

/**
 * No `since`: the full catalog. A `since` the change log covers (floor ≤ since ≤ version): a delta,
 * empty when since = version. Older than the log or from the future: the full catalog, flagged.
 */
export function planSync(since: number | undefined, version: number, floor: number): SyncPlan {
  if (since === undefined) return { kind: 'full', fallback: false };
  if (since > version || since < floor) return { kind: 'full', fallback: true };
  return { kind: 'delta', since };
}

/**
 * Weak, because the bytes differ per Content-Encoding. The tenant's currency and price mode are in
 * the body but not in the catalog version, so they are part of the tag.
 */
export function catalogEtag(version: number, currency: string, taxInclusive: boolean): string {
  return `W/"v${version}-${currency.toLowerCase()}-${taxInclusive ? 'incl' : 'excl'}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  const want = opaque(etag);
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || opaque(t) === want);
}

/**
 * Picks the best encoding the client accepts (q > 0) among those we can produce, in our order of
 * preference. null: send identity.
 */
export function negotiateEncoding(
  acceptEncoding: string | undefined,
  available: readonly ContentEncoding[],
): ContentEncoding | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q=([0-9.]+)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    q.set(token, Number.isFinite(weight) ? weight : 0);
  }
  for (const enc of available) {
    const weight = q.get(enc) ?? q.get('*');
    if (weight !== undefined && weight > 0) return enc;
  }
  return null;
}

/** Responses smaller than this are not worth compressing. */
export const MIN_COMPRESS_BYTES = 1024;

/** A byte-budgeted LRU for pre-compressed catalog bodies, keyed by tenant, ETag and encoding. */
export class ByteCache {
  private entries = new Map<string, Uint8Array>();
  private bytes = 0;
  constructor(private readonly budget: number) {}

  get(key: string): Uint8Array | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: Uint8Array): void {
    if (value.byteLength > this.budget) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.byteLength;
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.bytes += value.byteLength;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.budget) break;
      this.entries.delete(k);
      this.bytes -= v.byteLength;
    }
  }

  /** Drops every entry of a tenant (on catalog.changed; stale keys would also just age out). */
  dropPrefix(prefix: string): void {
    for (const [k, v] of this.entries) {
      if (k.startsWith(prefix)) {
        this.entries.delete(k);
        this.bytes -= v.byteLength;
      }
    }
  }

  get size(): number {
    return this.bytes;
  }
}
