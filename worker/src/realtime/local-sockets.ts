import type { StreamEvent } from '../platform';
import type { Session } from './session';

/**
 * The sockets connected to this process, by tenant: what the in-process hub and the Redis hub fan
 * out to (socket.io's adapter keeps the same map). Pure bookkeeping, no runtime API.
 */
export class LocalSockets {
  private byTenant = new Map<string, Set<Session>>();

  add(session: Session): void {
    let set = this.byTenant.get(session.tenantId);
    if (!set) {
      set = new Set();
      this.byTenant.set(session.tenantId, set);
    }
    set.add(session);
  }

  remove(session: Session): void {
    const set = this.byTenant.get(session.tenantId);
    if (!set) return;
    set.delete(session);
    if (!set.size) this.byTenant.delete(session.tenantId);
  }

  deliver(tenantId: string, events: StreamEvent[]): void {
    const set = this.byTenant.get(tenantId);
    if (!set) return;
    for (const s of set) s.deliver(events);
  }

  /** The user's access changed: their sockets close (4401), the client reconnects with a new token. */
  closeUser(tenantId: string, userId: string, code: number, reason: string): void {
    const set = this.byTenant.get(tenantId);
    if (!set) return;
    for (const s of [...set]) if (s.state.userId === userId) s.close(code, reason);
  }

  /** Every socket reads the log after its seq: the broker was away and may have lost events. */
  async catchUpAll(): Promise<void> {
    const all: Promise<void>[] = [];
    for (const set of this.byTenant.values()) for (const s of set) all.push(s.catchUp());
    await Promise.all(all);
  }

  closeAll(code: number, reason: string): void {
    for (const set of [...this.byTenant.values()]) for (const s of [...set]) s.close(code, reason);
    this.byTenant.clear();
  }

  get size(): number {
    let n = 0;
    for (const set of this.byTenant.values()) n += set.size;
    return n;
  }
}
