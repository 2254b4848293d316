import { AccessCache, NODE_ACCESS_CACHE } from '../auth/principals';
import { CatalogCache, NODE_CATALOG_CACHE } from '../catalog/head-cache';
import type { Hub, StreamEvent } from '../platform';
import { LocalSockets } from './local-sockets';
import { ACCESS_ENDED, type Connector } from './memory-hub';
import { CLOSE } from './protocol';

/**
 * The slice of an ioredis client this hub uses. Structural, so this file imports no Node library:
 * runtime/node-hub.ts builds the real clients (with the options that keep publishing from ever
 * blocking: commandTimeout, maxRetriesPerRequest 1, no offline queue).
 */
export interface RedisClient {
  readonly status: string;
  publish(channel: string, message: string): Promise<unknown>;
  psubscribe(...patterns: string[]): Promise<unknown>;
  on(event: 'pmessage', cb: (pattern: string, channel: string, message: string) => void): unknown;
  on(event: 'ready' | 'close' | 'end', cb: () => void): unknown;
  on(event: 'error', cb: (error: Error) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

const PREFIX = 'orders:';
/** `access:{tenant_id}` carries `{origin, user_id}`: that user's access changed (auth/principals.ts). */
const ACCESS_PREFIX = 'access:';
/** `catalog:{tenant_id}` carries `{origin}`: the tenant's currency or price mode changed. */
const CATALOG_PREFIX = 'catalog:';

export interface RedisHubOptions {
  /** While the subscriber is down, local sockets read the log this often (0: never). */
  pollWhileDownMs?: number;
  log?: (message: string) => void;
}

/**
 * Node hub over Redis pub/sub, channel `orders:{tenant_id}`: one subscriber connection per process
 * (psubscribe `orders:*`), fan-out to this process's sockets. Publishing is best effort and never
 * awaited by the caller's request: pub/sub is at-most-once, and clients catch up from `events` by
 * seq. Events are delivered to this process's own sockets at once, so a process keeps serving its
 * screens while Redis is away; messages it published itself are skipped when Redis echoes them.
 */
export class RedisHub implements Hub {
  readonly sockets = new LocalSockets();
  readonly origin = crypto.randomUUID();
  /** The process's access cache, kept right by `access:*` messages from every instance. */
  readonly access = new AccessCache(NODE_ACCESS_CACHE);
  /**
   * The process's catalog heads, dropped by every `catalog.changed` event and `catalog:*` message;
   * suspended while the subscriber is down (no announcement could reach it).
   */
  readonly catalog = new CatalogCache(NODE_CATALOG_CACHE);
  connect?: Connector;
  private subscribed = false;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private closing = false;
  private lastError = new Map<string, string>();
  private readonly log: (message: string) => void;

  constructor(
    private readonly publisher: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly options: RedisHubOptions = {},
  ) {
    this.log = options.log ?? ((m) => console.warn(m));
    subscriber.on('pmessage', (_pattern, channel, message) => this.onMessage(channel, message));
    subscriber.on('ready', () => void this.onReady());
    subscriber.on('close', () => this.onDown());
    subscriber.on('end', () => this.onDown());
    subscriber.on('error', (e) => this.warn('subscriber', e));
    publisher.on('error', (e) => this.warn('publisher', e));
    if (subscriber.status === 'ready') void this.onReady();
    else this.onDown();
  }

  private async onReady(): Promise<void> {
    try {
      await this.subscriber.psubscribe(`${PREFIX}*`, `${ACCESS_PREFIX}*`, `${CATALOG_PREFIX}*`);
    } catch (e) {
      this.log(`realtime: psubscribe failed: ${(e as Error).message}`);
      return;
    }
    this.subscribed = true;
    this.lastError.clear();
    this.stopPolling();
    // An access change announced while we were away is lost too: read every user afresh.
    this.access.clear();
    this.catalog.resume();
    // Whatever was published while we were away is lost to pub/sub: every socket reads the log.
    await this.sockets.catchUpAll();
  }

  private onDown(): void {
    this.subscribed = false;
    this.catalog.suspend();
    if (this.closing || this.pollTimer || !this.options.pollWhileDownMs) return;
    this.pollTimer = setInterval(
      () => void this.sockets.catchUpAll(),
      this.options.pollWhileDownMs,
    );
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  private onMessage(channel: string, message: string): void {
    let body: { origin?: unknown; events?: unknown; user_id?: unknown };
    try {
      body = JSON.parse(message);
    } catch {
      return;
    }
    if (body.origin === this.origin) return;
    if (channel.startsWith(ACCESS_PREFIX)) {
      if (typeof body.user_id === 'string') {
        this.endLocally(channel.slice(ACCESS_PREFIX.length), body.user_id);
      }
      return;
    }
    if (channel.startsWith(CATALOG_PREFIX)) {
      this.catalog.changed(channel.slice(CATALOG_PREFIX.length));
      return;
    }
    if (!channel.startsWith(PREFIX) || !Array.isArray(body.events)) return;
    const tenantId = channel.slice(PREFIX.length);
    const events = body.events as StreamEvent[];
    if (events.some((e) => e?.type === 'catalog.changed')) this.catalog.changed(tenantId);
    this.sockets.deliver(tenantId, events);
  }

  /** ioredis repeats the same error on every retry: say each once per outage. */
  private warn(source: string, e: Error): void {
    if (this.lastError.get(source) === e.message) return;
    this.lastError.set(source, e.message);
    this.log(`realtime: redis ${source}: ${e.message}`);
  }

  async publish(tenantId: string, events: StreamEvent[]): Promise<void> {
    if (!events.length) return;
    this.sockets.deliver(tenantId, events);
    const message = JSON.stringify({ origin: this.origin, events });
    // Not awaited: with Redis down the client rejects at once (no offline queue), with Redis hung
    // after commandTimeout; either way the order has committed and other instances catch up by seq.
    this.publisher
      .publish(`${PREFIX}${tenantId}`, message)
      .catch((e: Error) => this.warn('publish', e));
  }

  private endLocally(tenantId: string, userId: string): void {
    this.access.invalidate(tenantId, userId);
    this.sockets.closeUser(tenantId, userId, CLOSE.unauthorized, ACCESS_ENDED);
  }

  /**
   * Awaited (unlike publish): the change has committed, and the caller should know when the other
   * instances were told. With Redis away it fails fast; the cache TTL then bounds the damage.
   */
  async accessChanged(tenantId: string, userId: string): Promise<void> {
    this.endLocally(tenantId, userId);
    const message = JSON.stringify({ origin: this.origin, user_id: userId });
    await this.publisher.publish(`${ACCESS_PREFIX}${tenantId}`, message);
  }

  /** Awaited like accessChanged; with Redis away the cache is suspended anyway. */
  async catalogChanged(tenantId: string): Promise<void> {
    this.catalog.changed(tenantId);
    const message = JSON.stringify({ origin: this.origin });
    await this.publisher.publish(`${CATALOG_PREFIX}${tenantId}`, message);
  }

  status(): 'ok' | 'degraded' {
    return this.subscribed && this.publisher.status === 'ready' ? 'ok' : 'degraded';
  }

  async close(): Promise<void> {
    this.closing = true;
    this.stopPolling();
    this.sockets.closeAll(CLOSE.restart, 'Server restarting.');
    for (const client of [this.publisher, this.subscriber]) {
      try {
        await Promise.race([client.quit(), new Promise((ok) => setTimeout(ok, 500))]);
      } catch {
        // down already
      }
      client.disconnect();
    }
  }
}
