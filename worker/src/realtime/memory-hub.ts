import type { Context } from 'hono';
import type { Hub, RealtimeTarget, StreamEvent } from '../platform';
import { LocalSockets } from './local-sockets';
import { CLOSE } from './protocol';

export type HubListener = (tenantId: string, events: StreamEvent[]) => void;
export type Connector = (c: Context, target: RealtimeTarget) => Response | Promise<Response>;

/** In-process fan-out: embedded mode and single-instance self-hosting without Redis. */
export class MemoryHub implements Hub {
  private listeners = new Set<HubListener>();
  readonly sockets = new LocalSockets();
  /** Set by the runtime that can serve sockets (runtime/node-realtime.ts). */
  connect?: Connector;

  async publish(tenantId: string, events: StreamEvent[]): Promise<void> {
    this.sockets.deliver(tenantId, events);
    for (const l of this.listeners) l(tenantId, events);
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
