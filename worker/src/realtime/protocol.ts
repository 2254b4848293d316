/**
 * The realtime wire protocol (docs/realtime.md), as plain data and pure functions shared by every
 * runtime: message parsing, who may see which event, close codes and the tunable limits.
 */
import { z } from 'zod';
import type { Role } from '../common/env';
import type { StreamEvent } from '../platform';

/** Close codes the server uses. 4xxx are ours (RFC 6455 §7.4.2 leaves 4000–4999 to applications). */
export const CLOSE = {
  /** Bad, expired or foreign token; no auth in time; first message was not auth. */
  unauthorized: 4401,
  /** Not JSON, or too large. */
  badMessage: 4400,
  /** No pong to the last ping. */
  heartbeat: 4408,
  /** The send buffer grew past the bound: the client reads too slowly. Reconnect with `since`. */
  slow: 1013,
  /** The server could not read the event log; reconnect with `since`. */
  unavailable: 1011,
  /** This instance is shutting down (a deploy): reconnect, to another instance if there is one. */
  restart: 1012,
} as const;

export interface RealtimeOptions {
  /** Server `{"type":"ping"}` interval; a socket that did not pong since the last one is dropped. */
  pingIntervalMs: number;
  /** Time a new socket has to send its auth message. */
  authTimeoutMs: number;
  /** Events older than this are not replayed: the client gets `{"type":"resync"}`. */
  retentionMs: number;
  /** Largest replay served; a client further behind is told to resync. */
  maxReplay: number;
  /** Rows fetched per query while replaying. */
  pageSize: number;
  /** Bytes queued on a socket beyond which it is closed as slow (where the runtime reports it). */
  maxBufferedBytes: number;
  /** How long a live event after a gap waits for the missing one before the log is read. */
  gapWaitMs: number;
  /** Largest client message accepted. */
  maxMessageBytes: number;
  /** While the broker (Redis) is away, sockets read the log this often; 0: only once it is back. */
  pollWhileDownMs: number;
}

export const DEFAULT_REALTIME_OPTIONS: RealtimeOptions = {
  pingIntervalMs: 30_000,
  authTimeoutMs: 10_000,
  retentionMs: 7 * 24 * 3600 * 1000,
  maxReplay: 10_000,
  pageSize: 500,
  maxBufferedBytes: 1024 * 1024,
  gapWaitMs: 100,
  maxMessageBytes: 16 * 1024,
  pollWhileDownMs: 2000,
};

export function realtimeOptions(overrides: Partial<RealtimeOptions> = {}): RealtimeOptions {
  return { ...DEFAULT_REALTIME_OPTIONS, ...overrides };
}

const authMessage = z.object({
  type: z.literal('auth'),
  token: z.string().min(1).max(4096),
  since: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
const simpleMessage = z.object({ type: z.enum(['ping', 'pong']) });

export type ClientMessage =
  | z.infer<typeof authMessage>
  | z.infer<typeof simpleMessage>
  | { type: 'unknown' }
  | { type: 'invalid' };

/** Client → server. Unknown types are tolerated (newer clients); malformed ones are 'invalid'. */
export function parseClientMessage(text: string): ClientMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { type: 'invalid' };
  }
  if (!raw || typeof raw !== 'object' || typeof (raw as { type?: unknown }).type !== 'string') {
    return { type: 'invalid' };
  }
  const type = (raw as { type: string }).type;
  if (type === 'auth') {
    const r = authMessage.safeParse(raw);
    return r.success ? r.data : { type: 'invalid' };
  }
  if (type === 'ping' || type === 'pong') return { type };
  return { type: 'unknown' };
}

/** Server → client control messages; events go out as they are: `{seq, type, data, at}`. */
export type ServerMessage =
  | { type: 'ready'; seq: number }
  | { type: 'resync' }
  | { type: 'ping' }
  | { type: 'pong' };

export type Viewer = { kind: 'staff'; role: Role } | { kind: 'guest'; orderId: string };

const everyStaff: Role[] = ['owner', 'manager', 'cashier', 'waiter', 'kitchen'];
const payers: Role[] = ['owner', 'manager', 'cashier'];

/**
 * Who sees which event, by type prefix: the same rule as who may read that object over HTTP
 * (docs/realtime.md, Events). Kitchen screens get order and line events, not payments. A type not listed
 * here is seen by owners and managers only until someone decides otherwise.
 */
const audience: [prefix: string, roles: Role[]][] = [
  ['order.', everyStaff],
  ['catalog.', everyStaff],
  ['table.', everyStaff],
  // A station's printer failing or back: the kitchen display's banner (docs/printing.md).
  ['printer.', everyStaff],
  ['payment.', payers],
  ['refund.', payers],
  ['shift.', payers],
];

/** Event types a guest may see about their own order. */
const guestTypes = new Set([
  'order.created',
  'order.updated',
  'order.line_status',
  'payment.succeeded',
]);

/** The order an event is about: `data.order.id` or `data.order_id`. */
export function orderIdOf(event: StreamEvent): string | undefined {
  const data = event.data as { order?: { id?: unknown }; order_id?: unknown } | null;
  if (!data || typeof data !== 'object') return undefined;
  if (typeof data.order_id === 'string') return data.order_id;
  if (data.order && typeof data.order === 'object' && typeof data.order.id === 'string') {
    return data.order.id;
  }
  return undefined;
}

const managers: Role[] = ['owner', 'manager'];
/** Event types are few and fixed by our code; the bound only guards against a runaway producer. */
const audienceCache = new Map<string, readonly Role[]>();

/**
 * The staff roles that see events of this type, worked out once per type: a tenant's event goes to
 * every one of its sockets, so the prefix scan would otherwise run once per socket.
 */
export function staffAudience(type: string): readonly Role[] {
  let roles = audienceCache.get(type);
  if (roles === undefined) {
    roles = audience.find(([prefix]) => type.startsWith(prefix))?.[1] ?? managers;
    if (audienceCache.size < 1000) audienceCache.set(type, roles);
  }
  return roles;
}

export function visibleTo(viewer: Viewer, event: StreamEvent): boolean {
  if (viewer.kind === 'guest') {
    return guestTypes.has(event.type) && orderIdOf(event) === viewer.orderId;
  }
  return staffAudience(event.type).includes(viewer.role);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: string | undefined): v is string => !!v && uuidPattern.test(v);
