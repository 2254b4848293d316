import { LoadingCache, type LoadingCacheOptions } from '../common/loading-cache';
import type { Platform } from '../platform';
import type { CatalogHead } from './store';
import { ByteCache } from './sync';

/**
 * Each tenant's catalog head (version, currency, price mode) in process, so a warm GET /catalog
 * (its 304 and its full answer, whose bytes `bodies` holds) never reaches Postgres.
 *
 * Correct because every change is announced: a catalog write drops its tenant's head on its own
 * process before answering (write.ts), and every other process drops it when the write's
 * `catalog.changed` event reaches it through the hub; a change of currency or price mode is
 * announced with hub.catalogChanged. While the hub cannot deliver (Redis away) the Node hub
 * suspends the cache: every request reads the head from the database, and the cache starts empty
 * once announcements flow again. The TTL is only a backstop (Node), or, at the edge, where other
 * isolates cannot be told, the bound on how long one keeps serving an old head (EDGE_CATALOG_CACHE).
 */
export class CatalogCache {
  private readonly heads: LoadingCache<CatalogHead | undefined>;
  private live = true;

  constructor(
    options: LoadingCacheOptions,
    /** Serialised, compressed full catalogs, keyed `tenant|etag|encoding|public url`. */
    readonly bodies = new ByteCache(64 * 1024 * 1024),
  ) {
    this.heads = new LoadingCache(options);
  }

  /** The tenant's head from memory, else from `load` (undefined: no such tenant). */
  head(
    tenantId: string,
    load: () => Promise<CatalogHead | undefined>,
  ): Promise<CatalogHead | undefined> {
    return this.live ? this.heads.get(tenantId, load) : load();
  }

  /** The cached head, synchronously; undefined when not cached (or the cache is suspended). */
  peekHead(tenantId: string): CatalogHead | undefined {
    return this.live ? this.heads.peek(tenantId)?.value : undefined;
  }

  /** The tenant's catalog changed: its head and bodies are read and built again. */
  changed(tenantId: string): void {
    this.heads.invalidate(tenantId);
    // The bodies are keyed by ETag, so old ones could never be served; drop them to free memory.
    this.bodies.dropPrefix(`${tenantId}|`);
  }

  /** Announcements can no longer arrive: forget everything and read the database meanwhile. */
  suspend(): void {
    this.live = false;
    this.heads.clear();
  }

  /** Announcements arrive again; whatever was missed meanwhile is forgotten. */
  resume(): void {
    this.heads.clear();
    this.live = true;
  }
}

/** Node: every process hears every change through the hub; the TTL only backs up a lost one. */
export const NODE_CATALOG_CACHE: LoadingCacheOptions = { ttlMs: 60_000, maxEntries: 10_000 };
/**
 * workerd: an isolate hears only its own writes (the Durable Object cannot reach other isolates),
 * so a head lives 5 s there, like the access cache: the longest another isolate may answer an old
 * ETag (a 304 for a catalog that changed) after a write.
 */
export const EDGE_CATALOG_CACHE: LoadingCacheOptions = { ttlMs: 5_000, maxEntries: 10_000 };

/**
 * After commit of a change to what a catalog head holds outside a catalog write (the tenant's
 * settings): this process forgets the head before answering, the others hear it through the hub.
 * Never fails the request that made the change (the cache is suspended while Redis is away).
 */
export async function catalogHeadChanged(
  platform: Pick<Platform, 'catalog' | 'hub'>,
  tenantId: string,
): Promise<void> {
  platform.catalog.changed(tenantId);
  try {
    await platform.hub.catalogChanged(tenantId);
  } catch (e) {
    console.warn(
      `hub: catalog head change of tenant ${tenantId} not announced: ${e instanceof Error ? e.message : e}`,
    );
  }
}
