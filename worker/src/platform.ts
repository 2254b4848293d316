import type { Context } from 'hono';
import type { AccessCache } from './auth/principals';
import type { CatalogCache } from './catalog/head-cache';
import type { Compressor, Images } from './catalog/ports';
import type { Config } from './config';
import type { Sql } from './db/client';

/**
 * The ports: everything that differs between Node and workerd. Each runtime builds one Platform
 * and hands it to createApp(); nothing outside worker/src/runtime/ touches a runtime API.
 */
export interface Platform {
  readonly runtime: 'node' | 'workerd';
  readonly config: Config;
  readonly sql: SqlPort;
  readonly hub: Hub;
  readonly passwords: Passwords;
  readonly blobs: Blobs;
  readonly payments: Payments;
  readonly clock: Clock;
  /**
   * This process's (isolate's) cache of users' current access, checked by every authenticated
   * request and kept right by the hub's accessChanged (auth/principals.ts).
   */
  readonly access: AccessCache;
  /**
   * This process's (isolate's) catalog heads and encoded catalogs, so a warm GET /catalog never
   * reaches the database; kept right by catalog.changed events and hub.catalogChanged
   * (catalog/head-cache.ts).
   */
  readonly catalog: CatalogCache;
  /**
   * Product image processing (decode, orient, strip metadata, WebP). Optional so a runtime can ship
   * without it: the image upload then answers 501.
   */
  readonly images?: Images;
  /** Response compression beyond what web CompressionStream offers (brotli on Node). */
  readonly compressor?: Compressor;
  /** The client's address as this runtime sees it (socket peer on Node, CF-Connecting-IP at the edge). */
  clientAddress(c: Context): string | undefined;
}

/**
 * On Node one pool serves the process; on workerd a client may not outlive its request, so the app
 * opens one per request and closes it when the response is done.
 */
export interface SqlPort {
  open(): Sql;
  close(sql: Sql): Promise<void>;
  /** True when the error means the database is unreachable (answered with 503, not 500). */
  isUnavailable(error: unknown): boolean;
}

export interface StreamEvent {
  seq: number;
  type: string;
  data: unknown;
  at: string;
}

/** Whose events a realtime socket carries: a tenant's staff screens, or one order's guest page. */
export interface RealtimeTarget {
  tenantId: string;
  /** Set for the guest socket: only this order's events, no token (the tracking token was the key). */
  orderId?: string;
}

/** Fan-out of committed events to connected screens. Best effort: clients catch up by seq. */
export interface Hub {
  publish(tenantId: string, events: StreamEvent[]): Promise<void>;
  /** 'ok' when connected, 'degraded' when the broker is away (the API keeps working). */
  status(): 'ok' | 'degraded';
  /**
   * A user's access changed (role, active, password, PIN, deletion): every process drops its
   * cached access for them and closes their sockets with 4401. Called after commit.
   */
  accessChanged(tenantId: string, userId: string): Promise<void>;
  /**
   * The tenant's catalog head changed outside a catalog write (currency, price mode): every process
   * drops its cached head. Catalog writes need no call: their catalog.changed event does it.
   */
  catalogChanged(tenantId: string): Promise<void>;
  /**
   * Takes over a WebSocket upgrade request (already validated by realtime/routes.ts) and answers it.
   * Absent where no socket can be served (app.request() in tests): the route answers 501.
   */
  connect?(c: Context, target: RealtimeTarget): Response | Promise<Response>;
}

export interface Passwords {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}

export interface StoredBlob {
  body: Uint8Array;
  contentType: string;
}

/** Public, immutable files (product images), addressed by content. */
export interface Blobs {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<StoredBlob | null>;
}

/** Card payments (Stripe); the interface lives with its domain. */
export type { Payments } from './payments/port';

import type { Payments } from './payments/port';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
