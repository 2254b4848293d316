import type { Context } from 'hono';
import { AccessCache, NODE_ACCESS_CACHE } from '../auth/principals';
import { CatalogCache, NODE_CATALOG_CACHE } from '../catalog/head-cache';
import type { Hub, RealtimeTarget, StreamEvent } from '../platform';
import { LocalSockets } from './local-sockets';
import { CLOSE } from './protocol';

export const ACCESS_ENDED = 'Your access changed; sign in again.';

export type HubListener = (tenantId: string, events: StreamEvent[]) => void;
export type Connector = (c: Context, target: RealtimeTarget) => Response | Promise<Response>;

/** In-process fan-out: embedded mode and single-instance self-hosting without Redis. */
export class MemoryHub implements Hub {
  private listeners = new Set<HubListener>();
  readonly sockets = new LocalSockets();
  /** The process's access cache: this hub is the one that hears it must change. */
  readonly access = new AccessCache(NODE_ACCESS_CACHE);
  /** The process's catalog heads; every change is made in this process, so it hears them all. */
  readonly catalog = new CatalogCache(NODE_CATALOG_CACHE);
  /** Set by the runtime that can serve sockets (runtime/node-realtime.ts). */
  connect?: Connector;

  async publish(tenantId: string, events: StreamEvent[]): Promise<void> {
    this.sockets.deliver(tenantId, events);
    for (const l of this.listeners) l(tenantId, events);
  }

  async accessChanged(tenantId: string, userId: string): Promise<void> {
    this.access.invalidate(tenantId, userId);
    this.sockets.closeUser(tenantId, userId, CLOSE.unauthorized, ACCESS_ENDED);
  }

  async catalogChanged(tenantId: string): Promise<void> {
    this.catalog.changed(tenantId);
  }

  subscribe(listener: HubListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): 'ok' {
    return 'ok';
  }

  async close(): Promise<void> {
    this.sockets.closeAll(CLOSE.restart, 'Server restarting.');
  }
}
