/**
 * The edge hub: one TenantHub Durable Object per tenant (`idFromName(tenantId)`) holds that tenant's
 * sockets through the WebSocket Hibernation API, so idle screens cost nothing. The protocol is the
 * same Session as on Node (realtime/session.ts); what differs is only the plumbing:
 * - sockets are accepted with `ctx.acceptWebSocket(server, tags)` (tag `staff`, or `guest` plus
 *   `order:{id}` for a guest page) and their Session state lives in `serializeAttachment` (a few
 *   hundred bytes), so a Session is rebuilt on demand after the object hibernated;
 * - timers (heartbeat, auth timeout, token expiry) are one storage alarm for all sockets, since a
 *   hibernated object has no setTimeout;
 * - the event log is read through a postgres.js client held by the object and rebuilt lazily.
 */

import { DurableObject } from 'cloudflare:workers';
import type {
  Request as CfRequest,
  Response as CfResponse,
  WebSocket as CfWebSocket,
  WebSocketPair as CfWebSocketPair,
  DurableObjectState,
} from '@cloudflare/workers-types';
import { AccessCache, NODE_ACCESS_CACHE, resolvePrincipal } from '../auth/principals';
import { createSql, type Sql } from '../db/client';
import type { RealtimeTarget, StreamEvent } from '../platform';
import { ACCESS_ENDED } from '../realtime/memory-hub';
import { CLOSE, type RealtimeOptions, realtimeOptions } from '../realtime/protocol';
import { Session, type SessionState } from '../realtime/session';
import { sqlEventLog } from '../realtime/store';
import {
  type EdgeSettings,
  edgeSettings,
  REALTIME_TARGET_HEADER,
  type WorkerEnv,
} from './workerd-platform';

const WebSocketPair = (globalThis as unknown as { WebSocketPair: typeof CfWebSocketPair })
  .WebSocketPair;

const reply = (body: string | null, init: ResponseInit) =>
  new Response(body, init) as unknown as CfResponse;

/** Close codes a peer may send that may not be sent back (RFC 6455 §7.4.1). */
const reserved = new Set([1005, 1006, 1015]);

export class TenantHub extends DurableObject<WorkerEnv> {
  private sessions = new Map<CfWebSocket, Session>();
  private settings: EdgeSettings | undefined;
  private sql: Sql | undefined;
  private readonly options: RealtimeOptions;
  /** The alarm as last set by this instance (undefined: unknown, e.g. after hibernation). */
  private alarmAt: number | null | undefined;
  private lastLogRead = 0;
  /**
   * Users' access for socket auth. Every change of a user of this tenant is announced to this
   * object (accessChanged), so its cache is exact; the TTL only matters after a lost RPC.
   */
  private readonly access = new AccessCache(NODE_ACCESS_CACHE);

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    // The one knob tests turn (the 30 s heartbeat); read here, at this object's composition root.
    const ping = Number(typeof env.REALTIME_PING_MS === 'string' ? env.REALTIME_PING_MS : '');
    this.options = realtimeOptions(
      Number.isInteger(ping) && ping > 0 ? { pingIntervalMs: ping } : {},
    );
  }

  private edge(): EdgeSettings {
    this.settings ??= edgeSettings(this.env);
    return this.settings;
  }

  private db(): Sql {
    this.sql ??= createSql(this.edge().databaseUrl, {
      max: 2,
      fetchTypes: false,
      connectTimeoutSeconds: 5,
    });
    return this.sql;
  }

  /** An upgrade forwarded by the worker (realtime/routes.ts validated it; the target is in a header). */
  override async fetch(request: CfRequest): Promise<CfResponse> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return reply('Expected a WebSocket upgrade', { status: 426 });
    }
    let target: RealtimeTarget;
    try {
      target = JSON.parse(request.headers.get(REALTIME_TARGET_HEADER) ?? '');
    } catch {
      return reply('Missing target', { status: 400 });
    }
    const pair = new WebSocketPair();
    const client = pair[0];
    const server = pair[1];
    const tags = target.orderId ? ['guest', `order:${target.orderId}`] : ['staff'];
    this.ctx.acceptWebSocket(server, tags);
    const session = this.session(server, target);
    server.serializeAttachment(session?.state);
    session?.start();
    return reply(null, { status: 101, webSocket: client } as ResponseInit);
  }

  /** RPC from the worker after commit: hand committed events to every socket of the tenant. */
  async publish(events: StreamEvent[]): Promise<void> {
    // Every socket, guests included: a session delivers strictly in seq order, so it must see each
    // seq go by (it filters out what its viewer may not see). Tags still tell guests apart
    // (`order:{id}`) for per-order work such as closing a guest's socket with its order.
    for (const ws of this.ctx.getWebSockets()) this.session(ws)?.deliver(events);
  }

  /** RPC from the worker after a user's role, password, PIN or active flag changed, or deletion. */
  async accessChanged(userId: string): Promise<void> {
    for (const ws of this.ctx.getWebSockets('staff')) {
      const s = this.session(ws);
      if (s?.state.userId === userId) s.close(CLOSE.unauthorized, ACCESS_ENDED);
    }
    // One tenant per object, a handful of users: forgetting them all is cheaper than tracking keys.
    this.access.clear();
  }

  override async webSocketMessage(ws: CfWebSocket, message: string | ArrayBuffer): Promise<void> {
    await this.session(ws)?.onMessage(message);
  }

  override async webSocketClose(ws: CfWebSocket, code: number, reason: string): Promise<void> {
    this.forget(ws);
    // The Hibernation API does not answer the peer's close frame by itself.
    try {
      ws.close(reserved.has(code) ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  override async webSocketError(ws: CfWebSocket): Promise<void> {
    this.forget(ws);
  }

  /**
   * Heartbeats, auth timeouts and token expiry for every socket (each reschedules the alarm), then
   * one read of the log for the tenant: a publish the worker lost after commit (the RPC failed,
   * the object was reset) reaches the screens by the next heartbeat instead of the next event.
   */
  override async alarm(): Promise<void> {
    this.alarmAt = null;
    const sessions: Session[] = [];
    for (const ws of this.ctx.getWebSockets()) {
      const s = this.session(ws);
      if (!s) continue;
      s.tick();
      if (!s.closed && s.state.phase === 'live') sessions.push(s);
    }
    // Sockets ping on their own schedules, so alarms come often: read the log at most twice a beat.
    const now = Date.now();
    if (!sessions.length || now - this.lastLogRead < this.options.pingIntervalMs / 2) return;
    this.lastLogRead = now;
    const from = Math.min(...sessions.map((s) => s.state.seq));
    try {
      const missed = await sqlEventLog(this.db()).after(
        sessions[0]!.tenantId,
        from,
        this.options.pageSize,
      );
      if (missed.length) for (const s of sessions) s.deliver(missed);
    } catch (e) {
      console.error('realtime: heartbeat catch-up failed', e);
    }
  }

  private forget(ws: CfWebSocket): void {
    this.sessions.get(ws)?.dispose();
    this.sessions.delete(ws);
  }

  /** The Session of a socket: in memory, or rebuilt from its attachment after hibernation. */
  private session(ws: CfWebSocket, target?: RealtimeTarget): Session | undefined {
    const known = this.sessions.get(ws);
    if (known) return known;
    const state = target ? undefined : (ws.deserializeAttachment() as SessionState | null);
    if (!target && !state) return undefined;
    const session = new Session(
      {
        send: (text) => ws.send(text),
        close: (code, reason) => ws.close(code, reason),
      },
      {
        jwtSecret: this.edge().jwtSecret,
        admit: (claims) => resolvePrincipal(this.access, this.db(), claims),
        now: () => Date.now(),
        log: sqlEventLog(this.db()),
        options: this.options,
        schedule: (at) => void this.schedule(at),
        changed: (s) => ws.serializeAttachment(s),
        ended: () => this.sessions.delete(ws),
      },
      target ?? {
        tenantId: state!.tenantId,
        ...(state!.orderId ? { orderId: state!.orderId } : {}),
      },
      state ?? undefined,
    );
    this.sessions.set(ws, session);
    return session;
  }

  /** One alarm for all sockets: the earliest deadline wins. */
  private async schedule(at: number): Promise<void> {
    if (this.alarmAt === undefined) this.alarmAt = await this.ctx.storage.getAlarm();
    if (this.alarmAt !== null && this.alarmAt <= at && this.alarmAt > Date.now()) return;
    this.alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }
}
