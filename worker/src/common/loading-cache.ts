export interface LoadingCacheOptions {
  /** How long an entry is trusted without an announcement: the bound on a lost invalidation. */
  ttlMs: number;
  /** Entries kept; the oldest go first. */
  maxEntries: number;
  now?: () => number;
}

/**
 * A per-process cache of rows that other processes may change, kept right by invalidations the
 * hub delivers (auth/principals.ts, catalog/head-cache.ts): at most one load per key at a time,
 * bounded, entries trusted for `ttlMs`, and a load that raced an invalidation is never stored.
 */
export class LoadingCache<V> {
  private entries = new Map<string, { value: V; at: number }>();
  private inFlight = new Map<string, Promise<V>>();
  /** Bumped by every invalidation: a load that started before one must not be cached after it. */
  private generation = 0;
  private readonly now: () => number;

  constructor(private readonly options: LoadingCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The fresh entry, synchronously; undefined when there is none (load it with get). */
  peek(key: string): { value: V } | undefined {
    const hit = this.entries.get(key);
    return hit && this.now() - hit.at < this.options.ttlMs ? hit : undefined;
  }

  /** The value: from the cache, else from `load` (one load per key at a time). */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.peek(key);
    if (hit) return hit.value;
    let pending = this.inFlight.get(key);
    if (!pending) {
      const generation = this.generation;
      const started = this.now();
      pending = load().then(
        (value) => {
          if (this.inFlight.get(key) === pending) this.inFlight.delete(key);
          if (generation === this.generation) this.store(key, value, started);
          return value;
        },
        (e: unknown) => {
          if (this.inFlight.get(key) === pending) this.inFlight.delete(key);
          throw e;
        },
      );
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private store(key: string, value: V, at: number) {
    this.entries.delete(key); // re-inserted at the end: Map order is age order
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, at });
  }

  /** The row changed: the next request reads it again. */
  invalidate(key: string): void {
    this.generation++;
    this.entries.delete(key);
    this.inFlight.delete(key);
  }

  /** Announcements may have been missed (the broker was away): forget everything. */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.inFlight.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
