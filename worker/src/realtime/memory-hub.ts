import type { Hub, StreamEvent } from '../platform';

export type HubListener = (tenantId: string, events: StreamEvent[]) => void;

/** In-process fan-out: embedded mode and single-instance self-hosting without Redis. */
export class MemoryHub implements Hub {
  private listeners = new Set<HubListener>();

  async publish(tenantId: string, events: StreamEvent[]): Promise<void> {
    for (const l of this.listeners) l(tenantId, events);
  }

  subscribe(listener: HubListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): 'ok' {
    return 'ok';
  }
}
