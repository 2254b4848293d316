/**
 * The Node side of realtime: WebSockets through @hono/node-server's upgradeWebSocket (over a `ws`
 * server), sessions from realtime/session.ts, and the hub: Redis pub/sub with REDIS_URL, else in
 * process.
 */
import { upgradeWebSocket } from '@hono/node-server';
import { Redis, type RedisOptions } from 'ioredis';
import { type WebSocket, WebSocketServer } from 'ws';
import { type AccessCache, resolvePrincipal } from '../auth/principals';
import type { Config } from '../config';
import type { Sql } from '../db/client';
import type { Platform } from '../platform';
import type { LocalSockets } from '../realtime/local-sockets';
import { type Connector, MemoryHub } from '../realtime/memory-hub';
import { CLOSE, type RealtimeOptions, realtimeOptions } from '../realtime/protocol';
import { RedisHub } from '../realtime/redis-hub';
import { Session } from '../realtime/session';
import { sqlEventLog } from '../realtime/store';
import { wsWriter } from './ws-text';

export type NodeHub = (MemoryHub | RedisHub) & { close(): Promise<void> };

/** The `ws` server node-server hands upgrades to (noServer: node-server owns the HTTP server). */
export function createWebSocketServer(options: RealtimeOptions): WebSocketServer {
  return new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
}

/** Serves a realtime socket for each upgrade the route accepted, over this process's sockets. */
export function nodeConnector(
  sockets: LocalSockets,
  sql: Sql,
  options: RealtimeOptions,
  access: AccessCache,
): Connector {
  const log = sqlEventLog(sql);
  return (c, target) => {
    const platform = c.get('platform') as Platform;
    let session: Session | undefined;
    const handler = upgradeWebSocket(() => ({
      onOpen(_event, ws) {
        const raw = ws.raw as WebSocket;
        const writer = wsWriter(raw);
        session = new Session(
          {
            send: writer.send,
            cork: writer.cork,
            uncork: writer.uncork,
            close: (code, reason) => {
              // A slow or silent peer would not read a close frame either: cut it off.
              if (code === CLOSE.slow || code === CLOSE.heartbeat) raw.terminate();
              else raw.close(code, reason);
            },
            buffered: () => raw.bufferedAmount,
          },
          {
            jwtSecret: platform.config.JWT_SECRET,
            admit: (claims) => resolvePrincipal(access, sql, claims),
            now: () => platform.clock.now().getTime(),
            log,
            options,
            ended: (s) => sockets.remove(s),
          },
          target,
        );
        sockets.add(session);
        session.start();
      },
      onMessage(event) {
        void session?.onMessage(event.data as string | ArrayBuffer);
      },
      onClose() {
        session?.dispose();
      },
      onError() {
        session?.dispose();
      },
    }));
    return handler(c, async () => {}) as Promise<Response>;
  };
}

/** ioredis options that keep a publish from ever holding up an order (docs/realtime.md, Delivery). */
export const publisherOptions: RedisOptions = {
  commandTimeout: 250,
  maxRetriesPerRequest: 1,
  enableOfflineQueue: false,
  // Reconnect within a second once Redis is back, so screens catch up quickly.
  retryStrategy: (times) => Math.min(times * 100, 1000),
};

export const subscriberOptions: RedisOptions = {
  // The hub resubscribes itself on 'ready' and then has every socket read the log.
  autoResubscribe: false,
  maxRetriesPerRequest: null,
  retryStrategy: (times) => Math.min(times * 100, 1000),
};

export function createNodeHub(
  config: Config,
  sql: Sql,
  options: RealtimeOptions = realtimeOptions(),
): NodeHub {
  const hub = config.REDIS_URL
    ? new RedisHub(
        new Redis(config.REDIS_URL, publisherOptions),
        new Redis(config.REDIS_URL, subscriberOptions),
        { pollWhileDownMs: options.pollWhileDownMs },
      )
    : new MemoryHub();
  hub.connect = nodeConnector(hub.sockets, sql, options, hub.access);
  return hub;
}
