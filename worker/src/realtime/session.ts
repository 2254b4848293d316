/**
 * One realtime socket, runtime-neutral: auth, replay from the event log, the seam between replay
 * and live, role filtering, heartbeats, token expiry and the slow-client bound. The runtime supplies
 * the socket (SessionIO), the event log and a clock; Node keeps sessions in memory, the Durable
 * Object rebuilds them from `state` (a plain, serializable object) after hibernation.
 *
 * The ordering rule: a session delivers events strictly in seq order, without gaps. Live events
 * that arrive during a replay are buffered and those at or below the last replayed seq dropped; a
 * live event past a gap (another instance published first, or a publish was lost) waits briefly
 * for the missing one, then the log is read. seq is commit-ordered, so everything below a seq we
 * heard about is already readable.
 */
import { verifyAccessToken } from '../auth/jwt';
import type { TokenClaims } from '../auth/principals';
import type { Principal, Role } from '../common/env';
import type { RealtimeTarget, StreamEvent } from '../platform';
import { guestEvent } from './guest-view';
import {
  CLOSE,
  parseClientMessage,
  type RealtimeOptions,
  type ServerMessage,
  staffAudience,
  visibleTo,
} from './protocol';
import type { EventLog } from './store';

export interface SessionIO {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Bytes queued on the socket, where the runtime can tell (Node); else slow clients are the platform's problem. */
  buffered?(): number;
  /** Hold writes until uncork(), where the runtime can (Node): several events leave in one write. */
  cork?(): void;
  uncork?(): void;
}

/** Everything that must survive a Durable Object's hibernation; kept far below 16 KiB. */
export interface SessionState {
  tenantId: string;
  /** Guest sockets: the one order they follow. */
  orderId?: string;
  userId?: string;
  role?: Role;
  /** Token expiry, epoch seconds. */
  exp?: number;
  /** Last seq this socket has been given (or filtered out): everything up to it is handled. */
  seq: number;
  /** 'auth' until the first replay finished and `ready` went out. */
  phase: 'auth' | 'live';
  openedAt: number;
  nextPingAt: number;
  awaitingPong: boolean;
}

export interface SessionDeps {
  jwtSecret: string;
  /**
   * What verified claims give today (auth/principals.ts): null when the user was deleted,
   * deactivated or the token predates a password or PIN change; the current role otherwise.
   */
  admit(claims: TokenClaims): Promise<Principal | null>;
  /** Epoch milliseconds. */
  now(): number;
  log: EventLog;
  options: RealtimeOptions;
  /**
   * The runtime will call tick() at (or after) this time. Absent: the session keeps its own
   * setTimeout (Node). The Durable Object sets one alarm for all its sockets instead.
   */
  schedule?(at: number): void;
  /** State changed (the Durable Object saves it as the socket's attachment). */
  changed?(state: SessionState): void;
  /** The session ended (closed by us or by the peer). */
  ended?(session: Session): void;
}

/** Every staff socket of a tenant sends the same text for an event: serialize it once. */
const wireCache = new WeakMap<StreamEvent, string>();
function wire(e: StreamEvent): string {
  let text = wireCache.get(e);
  if (text === undefined) {
    text = JSON.stringify(e);
    wireCache.set(e, text);
  }
  return text;
}

export class Session {
  readonly state: SessionState;
  private syncing = false;
  private pending: StreamEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private fruitlessCatchUps = 0;
  private authenticating = false;
  /** Writes are corked (corked()): bytes queued are ours, not a slow client's. */
  private holding = false;
  closed = false;

  constructor(
    private readonly io: SessionIO,
    private readonly deps: SessionDeps,
    target: RealtimeTarget,
    state?: SessionState,
  ) {
    const now = deps.now();
    this.state = state ?? {
      tenantId: target.tenantId,
      ...(target.orderId ? { orderId: target.orderId } : {}),
      seq: 0,
      phase: 'auth',
      openedAt: now,
      nextPingAt: now + deps.options.pingIntervalMs,
      awaitingPong: false,
    };
  }

  get tenantId(): string {
    return this.state.tenantId;
  }

  get isGuest(): boolean {
    return this.state.orderId !== undefined;
  }

  /** Authenticated (staff) or a guest: the socket is entitled to events. */
  get authorized(): boolean {
    return this.isGuest || this.state.role !== undefined;
  }

  /** Call once the socket is open. Guests need no auth message: they start streaming at once. */
  start(): void {
    if (this.isGuest) void this.sync(undefined);
    this.reschedule();
  }

  async onMessage(text: string | ArrayBuffer): Promise<void> {
    if (this.closed) return;
    if (typeof text !== 'string' || text.length > this.deps.options.maxMessageBytes) {
      this.close(CLOSE.badMessage, 'Messages are JSON text, at most 16 KiB.');
      return;
    }
    const m = parseClientMessage(text);
    if (!this.authorized && m.type !== 'auth') {
      this.close(CLOSE.unauthorized, 'The first message must be auth.');
      return;
    }
    switch (m.type) {
      case 'invalid':
        this.close(CLOSE.badMessage, 'Malformed message.');
        return;
      case 'auth':
        await this.authenticate(m.token, m.since);
        return;
      case 'ping':
        this.send({ type: 'pong' });
        return;
      case 'pong':
        this.state.awaitingPong = false;
        this.changed();
        return;
      case 'unknown':
        return; // newer clients may speak more; ignore
    }
  }

  private async authenticate(token: string, since: number | undefined): Promise<void> {
    if (this.isGuest) return; // the tracking token in the URL was the credential
    const first = !this.authorized && !this.authenticating;
    if (first) this.authenticating = true;
    const claims = await verifyAccessToken(this.deps.jwtSecret, token, new Date(this.deps.now()));
    if (this.closed) return;
    let p: Principal | null = null;
    if (claims && claims.tenantId === this.state.tenantId) {
      try {
        p = await this.deps.admit(claims);
      } catch (e) {
        console.error('realtime: access check failed', e);
        this.close(CLOSE.unavailable, 'Access could not be checked; reconnect.');
        return;
      }
      if (this.closed) return;
    }
    if (!claims || !p) {
      this.close(CLOSE.unauthorized, 'The token is invalid, expired or of another tenant.');
      return;
    }
    // A re-auth may name another user of the same tenant (quick staff switch on a shared tablet).
    this.state.userId = p.userId;
    this.state.role = p.role;
    this.state.exp = claims.exp;
    this.changed();
    this.reschedule();
    if (first) {
      this.authenticating = false;
      await this.sync(since);
    }
  }

  /** Replay after `since` (or none), then `ready`, then whatever arrived meanwhile. */
  private async sync(since: number | undefined): Promise<void> {
    this.syncing = true;
    const { log, options } = this.deps;
    const tenantId = this.state.tenantId;
    let resync = false;
    try {
      const latest = await log.latest(tenantId);
      if (since === undefined || since === latest) {
        this.state.seq = latest;
      } else if (since > latest || latest - since > options.maxReplay) {
        resync = true;
      } else {
        let page = await log.after(tenantId, since, options.pageSize);
        const first = page[0];
        const oldest = this.deps.now() - options.retentionMs;
        if (!first || first.seq !== since + 1 || Date.parse(first.at) < oldest) {
          resync = true;
        } else {
          this.state.seq = since;
          for (;;) {
            this.emitPage(page);
            if (this.closed || page.length < options.pageSize) break;
            page = await log.after(tenantId, this.state.seq, options.pageSize);
          }
        }
      }
      if (resync) {
        // Everything the client holds is suspect: it reloads, and we stream live from now.
        this.send({ type: 'resync' });
        this.state.seq = latest;
      }
    } catch (e) {
      console.error('realtime: replay failed', e);
      this.close(CLOSE.unavailable, 'The event log is unavailable; reconnect with since.');
      return;
    }
    if (this.closed) return;
    this.state.phase = 'live';
    this.send({ type: 'ready', seq: this.state.seq });
    this.changed();
    this.syncing = false;
    this.drain();
  }

  /** Live events from the hub (every event of the tenant; the filter is ours). */
  deliver(events: StreamEvent[]): void {
    if (this.closed || (!this.syncing && this.state.phase !== 'live')) return;
    let rest = events;
    if (!this.syncing && !this.pending.length) {
      // The usual case (live, nothing waiting, the next seq): straight out, nothing buffered or
      // sorted. Whatever does not follow on goes the long way through drain().
      const before = this.state.seq;
      let i = 0;
      this.corked(events.length > 1, () => {
        for (; i < events.length && !this.closed; i++) {
          const e = events[i]!;
          if (e.seq > this.state.seq + 1) break;
          if (e.seq === this.state.seq + 1) this.emit(e);
        }
      });
      if (this.state.seq !== before) this.changed();
      if (i === events.length || this.closed) return;
      rest = events.slice(i);
    }
    for (const e of rest) this.pending.push(e);
    if (!this.syncing) this.drain();
  }

  private drain(): void {
    if (this.pending.length > 1) this.pending.sort((a, b) => a.seq - b.seq);
    let delivered = false;
    this.corked(this.pending.length > 1, () => {
      while (this.pending.length && !this.closed) {
        const e = this.pending[0]!;
        if (e.seq <= this.state.seq) this.pending.shift();
        else if (e.seq === this.state.seq + 1) {
          this.pending.shift();
          this.emit(e);
          delivered = true;
        } else break;
      }
    });
    if (delivered) this.changed();
    if (this.pending.length && !this.closed) {
      this.gapTimer ??= setTimeout(() => {
        this.gapTimer = undefined;
        void this.catchUp();
      }, this.deps.options.gapWaitMs);
    } else if (this.gapTimer) {
      clearTimeout(this.gapTimer);
      this.gapTimer = undefined;
    }
  }

  /**
   * Reads the log after our seq: after a gap, and for every socket when the broker comes back
   * (Redis pub/sub is at-most-once; the log is the truth).
   */
  async catchUp(): Promise<void> {
    if (this.closed || this.syncing || this.state.phase !== 'live') return;
    this.syncing = true;
    const before = this.state.seq;
    try {
      for (;;) {
        const page = await this.deps.log.after(
          this.state.tenantId,
          this.state.seq,
          this.deps.options.pageSize,
        );
        this.emitPage(page);
        if (this.closed || page.length < this.deps.options.pageSize) break;
      }
    } catch (e) {
      console.error('realtime: catch-up failed', e);
      this.close(CLOSE.unavailable, 'The event log is unavailable; reconnect with since.');
      return;
    }
    this.syncing = false;
    if (this.state.seq !== before) this.changed();
    // A gap the log cannot fill (it should not happen: seq is commit-ordered) must not stall the
    // socket forever: after a few fruitless reads, move past it.
    this.fruitlessCatchUps =
      this.state.seq === before && this.pending.length ? this.fruitlessCatchUps + 1 : 0;
    if (this.fruitlessCatchUps >= 3 && this.pending.length) {
      this.pending.sort((a, b) => a.seq - b.seq);
      this.state.seq = this.pending[0]!.seq - 1;
      this.fruitlessCatchUps = 0;
    }
    this.drain();
  }

  /** A page read from the log: its next events in order, in one write. */
  private emitPage(page: StreamEvent[]): void {
    this.corked(page.length > 1, () => {
      for (const e of page) if (e.seq === this.state.seq + 1) this.emit(e);
    });
  }

  /** Runs `send` with the socket's writes held, when there is more than one to hold. */
  private corked(several: boolean, send: () => void): void {
    if (!several || !this.io.cork) {
      send();
      return;
    }
    // While corked every byte is queued, however fast the client reads: the slow-client bound is
    // checked once the writes went out.
    this.io.cork();
    this.holding = true;
    try {
      send();
    } finally {
      this.holding = false;
      this.io.uncork?.();
    }
    if (!this.closed) this.checkBuffered();
  }

  private emit(e: StreamEvent): void {
    this.state.seq = e.seq;
    const { orderId, role } = this.state;
    if (orderId !== undefined) {
      if (visibleTo({ kind: 'guest', orderId }, e)) this.sendText(JSON.stringify(guestEvent(e)));
    } else if (staffAudience(e.type).includes(role ?? 'kitchen')) {
      this.sendText(wire(e));
    }
  }

  private send(m: ServerMessage): void {
    this.sendText(JSON.stringify(m));
  }

  private sendText(text: string): void {
    if (this.closed) return;
    this.io.send(text);
    if (!this.holding) this.checkBuffered();
  }

  private checkBuffered(): void {
    const buffered = this.io.buffered?.();
    if (buffered !== undefined && buffered > this.deps.options.maxBufferedBytes) {
      this.close(CLOSE.slow, 'Too slow: reconnect with since.');
    }
  }

  /** When tick() must run next (epoch ms). */
  deadline(): number {
    if (!this.authorized) return this.state.openedAt + this.deps.options.authTimeoutMs;
    const exp = this.state.exp !== undefined ? this.state.exp * 1000 : Number.POSITIVE_INFINITY;
    return Math.min(this.state.nextPingAt, exp);
  }

  /** Auth timeout, token expiry and heartbeat. */
  tick(): void {
    if (this.closed) return;
    const now = this.deps.now();
    if (!this.authorized) {
      if (now >= this.state.openedAt + this.deps.options.authTimeoutMs) {
        this.close(CLOSE.unauthorized, 'No auth message in time.');
        return;
      }
    } else {
      if (this.state.exp !== undefined && now >= this.state.exp * 1000) {
        this.close(CLOSE.unauthorized, 'The token expired; reconnect with a fresh one.');
        return;
      }
      if (now >= this.state.nextPingAt) {
        if (this.state.awaitingPong) {
          this.close(CLOSE.heartbeat, 'No pong.');
          return;
        }
        this.state.awaitingPong = true;
        this.state.nextPingAt = now + this.deps.options.pingIntervalMs;
        this.send({ type: 'ping' });
        this.changed();
      }
    }
    this.reschedule();
  }

  private reschedule(): void {
    if (this.closed) return;
    const at = this.deadline();
    if (this.deps.schedule) {
      this.deps.schedule(at);
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), Math.max(0, at - this.deps.now()));
  }

  private changed(): void {
    this.deps.changed?.(this.state);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.dispose();
    try {
      this.io.close(code, reason);
    } catch {
      // already gone
    }
  }

  /** The peer went away (or we closed): stop timers, forget buffered events. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.pending = [];
    this.deps.ended?.(this);
  }
}
