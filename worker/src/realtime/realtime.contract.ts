import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Sql } from '../db/client';
import type { StreamEvent } from '../platform';
import { type Api, newTenant, staff } from '../test/client';
import { orderCreated } from '../test/events';
import { buildMenu } from '../test/menu';
import { connectStaff, openSocket } from '../test/ws';

/** The next message that is not the server's keep-alive (a loaded machine may ping first). */
const notPing = (m: Record<string, unknown>) => m.type !== 'ping';

export interface RealtimeContractTarget {
  /** http://host:port of the server under test. */
  baseUrl: string;
  api: Api;
  jwtSecret: string;
  /** The database the server uses (to age events for the retention test). */
  sql: Sql;
  /** Commits events (appendEvent in a transaction) and publishes them through the server's hub. */
  commit(tenantId: string, events: { type: string; data: unknown }[]): Promise<StreamEvent[]>;
  /** The server's ping interval (tests shorten it). */
  pingIntervalMs: number;
}

const seqs = (events: Record<string, unknown>[]) => events.map((e) => e.seq as number);

async function forgeToken(
  secret: string,
  claims: { sub: string; tid: string; role: string },
  lifeSeconds: number,
) {
  const now = Math.floor(Date.now() / 1000);
  // iat is set so exp - iat stays at the 15 minutes the server accepts.
  return new SignJWT({ tid: claims.tid, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer('comanda')
    .setAudience('comanda-api')
    .setIssuedAt(now + lifeSeconds - 900)
    .setExpirationTime(now + lifeSeconds)
    .sign(new TextEncoder().encode(secret));
}

/** The realtime rules (docs/realtime.md), run against every runtime. */
export function realtimeContract(target: () => RealtimeContractTarget) {
  const t = () => target();
  const wsUrl = (path: string) => `${t().baseUrl.replace(/^http/, 'ws')}${path}`;

  describe('connecting and authenticating', () => {
    it('answers ready with the latest seq and then streams committed events live', async () => {
      const owner = await newTenant(t().api);
      await t().commit(owner.tenant.id, [orderCreated(), orderCreated()]);
      const { socket, ready } = await connectStaff(t().baseUrl, owner.tenant.id, owner.token);
      expect(ready).toEqual({ type: 'ready', seq: 2 });
      const [written] = await t().commit(owner.tenant.id, [orderCreated()]);
      const [got] = await socket.events(1);
      expect(got).toEqual(JSON.parse(JSON.stringify(written)));
      expect(got).toMatchObject({ seq: 3, type: 'order.created' });
      socket.close();
    });

    it('closes with 4401 for a bad, an expired or another tenant’s token', async () => {
      const a = await newTenant(t().api);
      const b = await newTenant(t().api);
      const expired = await forgeToken(
        t().jwtSecret,
        { sub: a.user.id, tid: a.tenant.id, role: 'owner' },
        -5,
      );
      const foreignSecret = await forgeToken(
        'another-secret-another-secret-another-secret',
        { sub: a.user.id, tid: a.tenant.id, role: 'owner' },
        600,
      );
      for (const token of ['not-a-jwt', expired, foreignSecret, b.token]) {
        const s = await openSocket(wsUrl(`/api/v1/realtime?tenant=${a.tenant.id}`));
        s.send({ type: 'auth', token });
        expect((await s.closed).code).toBe(4401);
        expect(s.received).toEqual([]);
      }
    });

    it('closes with 4401 when the first message is not auth', async () => {
      const a = await newTenant(t().api);
      const s = await openSocket(wsUrl(`/api/v1/realtime?tenant=${a.tenant.id}`));
      s.send({ type: 'pong' });
      expect((await s.closed).code).toBe(4401);
    });

    it('refuses a non-WebSocket request with 426 and a bad tenant id with 400', async () => {
      const a = await newTenant(t().api);
      const plain = await t().api.fetch(`/api/v1/realtime?tenant=${a.tenant.id}`);
      expect(plain.status).toBe(426);
      await expect(openSocket(wsUrl('/api/v1/realtime?tenant=nope'))).rejects.toThrow('HTTP 400');
      await expect(openSocket(wsUrl('/api/v1/realtime'))).rejects.toThrow('HTTP 400');
    });

    it('answers an unknown tracking token on the guest socket with 404', async () => {
      await expect(openSocket(wsUrl('/api/v1/public/orders/unknown-token/live'))).rejects.toThrow(
        'HTTP 404',
      );
    });

    it('closes with 4401 when the token expires, unless the client re-authenticated', async () => {
      const a = await newTenant(t().api);
      const claims = { sub: a.user.id, tid: a.tenant.id, role: 'owner' };
      const short = await forgeToken(t().jwtSecret, claims, 2);
      const stays = await connectStaff(t().baseUrl, a.tenant.id, short);
      const expires = await connectStaff(t().baseUrl, a.tenant.id, short);
      stays.socket.send({ type: 'auth', token: await forgeToken(t().jwtSecret, claims, 600) });
      const started = Date.now();
      expect((await expires.socket.closed).code).toBe(4401);
      expect(Date.now() - started).toBeLessThan(4000);
      await new Promise((ok) => setTimeout(ok, 300));
      expect(stays.socket.ws.readyState).toBe(stays.socket.ws.OPEN);
      // A re-auth with another tenant's token is a bad token.
      const b = await newTenant(t().api);
      stays.socket.send({ type: 'auth', token: b.token });
      expect((await stays.socket.closed).code).toBe(4401);
    });
  });

  describe('replay and the seam', () => {
    it('replays exactly what a client missed, in order, then ready, then live', async () => {
      const a = await newTenant(t().api);
      const first = await connectStaff(t().baseUrl, a.tenant.id, a.token);
      await t().commit(a.tenant.id, [orderCreated()]);
      const [seen] = await first.socket.events(1);
      first.socket.close();
      await first.socket.closed;
      const missed: StreamEvent[] = [];
      for (let i = 0; i < 10; i++)
        missed.push(...(await t().commit(a.tenant.id, [orderCreated()])));
      const back = await openSocket(wsUrl(`/api/v1/realtime?tenant=${a.tenant.id}`));
      back.send({ type: 'auth', token: a.token, since: seen!.seq });
      const replayed = await back.events(10);
      expect(replayed).toEqual(JSON.parse(JSON.stringify(missed)));
      const ready = await back.next((m) => m.type === 'ready');
      expect(ready).toEqual({ type: 'ready', seq: missed.at(-1)!.seq });
      // ready comes after the replay, and nothing else came in between.
      expect(back.received.map((m) => m.type).indexOf('ready')).toBe(10);
      const [live] = await t().commit(a.tenant.id, [orderCreated()]);
      expect(seqs(await back.events(1))).toEqual([live!.seq]);
      back.close();
    });

    it('has no gap and no duplicate while events commit during the replay', async () => {
      const a = await newTenant(t().api);
      await t().commit(
        a.tenant.id,
        Array.from({ length: 30 }, () => orderCreated()),
      );
      let writing = true;
      const writer = (async () => {
        let n = 0;
        while (writing && n < 200) {
          await t().commit(a.tenant.id, [orderCreated()]);
          n++;
        }
      })();
      const clients = await Promise.all(
        [0, 5, 17].map(async (since) => {
          const s = await openSocket(wsUrl(`/api/v1/realtime?tenant=${a.tenant.id}`));
          s.send({ type: 'auth', token: a.token, since });
          await s.next((m) => m.type === 'ready');
          return { s, since };
        }),
      );
      await new Promise((ok) => setTimeout(ok, 200));
      writing = false;
      await writer;
      const [last] = await t().commit(a.tenant.id, [orderCreated()]);
      for (const { s, since } of clients) {
        await s.next((m) => m.seq === last!.seq);
        const got = seqs(s.received.filter((m) => typeof m.seq === 'number' && 'data' in m));
        expect(got).toEqual(Array.from({ length: last!.seq - since }, (_, i) => since + 1 + i));
        s.close();
      }
    });

    it('tells a client to resync when its since is past retention or unknown', async () => {
      const a = await newTenant(t().api);
      await t().commit(a.tenant.id, [orderCreated(), orderCreated(), orderCreated()]);
      await t().sql`
        update events set at = now() - interval '8 days'
        where tenant_id = ${a.tenant.id} and seq <= 2`;
      const old = await openSocket(wsUrl(`/api/v1/realtime?tenant=${a.tenant.id}`));
      old.send({ type: 'auth', token: a.token, since: 1 });
      expect(await old.next(notPing)).toEqual({ type: 'resync' });
      expect(await old.next(notPing)).toEqual({ type: 'ready', seq: 3 });
      // The event after since=2 is recent: an ordinary replay.
      const recent = await openSocket(wsUrl(`/api/v1/realtime?tenant=${a.tenant.id}`));
      recent.send({ type: 'auth', token: a.token, since: 2 });
      expect(seqs(await recent.events(1))).toEqual([3]);
      // A since the tenant never reached (a restored database) cannot be trusted either.
      const ahead = await openSocket(wsUrl(`/api/v1/realtime?tenant=${a.tenant.id}`));
      ahead.send({ type: 'auth', token: a.token, since: 99 });
      expect(await ahead.next(notPing)).toEqual({ type: 'resync' });
      expect(await ahead.next(notPing)).toEqual({ type: 'ready', seq: 3 });
      // After a resync the socket streams live.
      await t().commit(a.tenant.id, [orderCreated()]);
      expect(seqs(await ahead.events(1))).toEqual([4]);
      for (const s of [old, recent, ahead]) s.close();
    });
  });

  describe('who sees what', () => {
    it('gives kitchen screens order and line events but no payments, live and on replay', async () => {
      const a = await newTenant(t().api);
      const kitchen = await staff(t().api, a.token, 'kitchen');
      const orderId = crypto.randomUUID();
      const batch = [
        orderCreated(orderId),
        {
          type: 'payment.succeeded',
          data: { payment: { id: crypto.randomUUID() }, order_id: orderId },
        },
        {
          type: 'order.line_status',
          data: { order_id: orderId, line: { id: crypto.randomUUID() } },
        },
      ];
      const k = await connectStaff(t().baseUrl, a.tenant.id, kitchen.token);
      const o = await connectStaff(t().baseUrl, a.tenant.id, a.token);
      await t().commit(a.tenant.id, batch);
      await t().commit(a.tenant.id, [orderCreated()]);
      const ownerSaw = (await o.socket.events(4)).map((e) => e.type);
      expect(ownerSaw).toEqual([
        'order.created',
        'payment.succeeded',
        'order.line_status',
        'order.created',
      ]);
      const kitchenSaw = await k.socket.events(3);
      expect(kitchenSaw.map((e) => e.type)).toEqual([
        'order.created',
        'order.line_status',
        'order.created',
      ]);
      expect(seqs(kitchenSaw)).toEqual([1, 3, 4]);
      // The same filter on replay.
      const again = await openSocket(wsUrl(`/api/v1/realtime?tenant=${a.tenant.id}`));
      again.send({ type: 'auth', token: kitchen.token, since: 0 });
      await again.next((m) => m.type === 'ready');
      expect(seqs(again.received.filter((m) => 'data' in m))).toEqual([1, 3, 4]);
      for (const s of [k.socket, o.socket, again]) s.close();
    });

    it('never sends one tenant’s events to another tenant’s sockets', async () => {
      const a = await newTenant(t().api);
      const b = await newTenant(t().api);
      const sb = await connectStaff(t().baseUrl, b.tenant.id, b.token);
      await t().commit(a.tenant.id, [orderCreated(), orderCreated()]);
      const [mine] = await t().commit(b.tenant.id, [orderCreated()]);
      expect(seqs(await sb.socket.events(1))).toEqual([mine!.seq]);
      await new Promise((ok) => setTimeout(ok, 100));
      expect(sb.socket.received.filter((m) => 'data' in m)).toHaveLength(1);
      sb.socket.close();
    });
  });

  describe('the guest socket', () => {
    it('streams one order’s events, in the guest view, to whoever holds its tracking token', async () => {
      const a = await newTenant(t().api);
      const menu = await buildMenu(t().api, a.token);
      const place = async () => {
        const id = crypto.randomUUID();
        const lineId = crypto.randomUUID();
        const res = await t().api.json(
          'POST',
          `/api/v1/public/tables/${menu.table.qr_token}/orders`,
          { id, lines: [{ id: lineId, product_id: menu.cake.id, quantity: 1 }] },
          undefined,
          {
            'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
          },
        );
        expect(res.status).toBe(201);
        const body = (await res.json()) as { tracking_token: string };
        return { id, lineId, tracking: body.tracking_token };
      };
      const mine = await place();
      const other = await place();
      const guest = await openSocket(wsUrl(`/api/v1/public/orders/${mine.tracking}/live`));
      expect(await guest.next(notPing)).toMatchObject({ type: 'ready' });
      const bump = (o: { id: string; lineId: string }) =>
        t().api.json(
          'PATCH',
          `/api/v1/orders/${o.id}/lines/${o.lineId}`,
          { status: 'preparing' },
          a.token,
        );
      expect((await bump(other)).status).toBe(200);
      expect((await bump(mine)).status).toBe(200);
      const [e] = await guest.events(1);
      expect(e).toMatchObject({
        type: 'order.line_status',
        data: { order_id: mine.id, line: { id: mine.lineId, status: 'preparing', quantity: 1 } },
      });
      const line = (e!.data as { line: Record<string, unknown> }).line;
      expect(Object.keys(line).sort()).toEqual(
        ['id', 'line_total', 'modifiers', 'name', 'note', 'quantity', 'status'].sort(),
      );
      await new Promise((ok) => setTimeout(ok, 200));
      expect(guest.received.filter((m) => 'data' in m)).toHaveLength(1);
      // A staff token on the guest socket changes nothing; an unknown token is a 404.
      guest.send({ type: 'auth', token: a.token });
      await expect(
        openSocket(wsUrl(`/api/v1/public/orders/${mine.tracking}x/live`)),
      ).rejects.toThrow('HTTP 404');
      guest.close();
    });
  });

  describe('heartbeat', () => {
    it('pings every interval, keeps a client that pongs and drops one that does not', async () => {
      const a = await newTenant(t().api);
      const interval = t().pingIntervalMs;
      const alive = await connectStaff(t().baseUrl, a.tenant.id, a.token);
      const silent = await connectStaff(t().baseUrl, a.tenant.id, a.token, undefined, {
        autoPong: false,
      });
      await alive.socket.next((m) => m.type === 'ping', interval * 3);
      const closed = await Promise.race([
        silent.socket.closed,
        new Promise<null>((ok) => setTimeout(() => ok(null), interval * 4)),
      ]);
      expect(closed).not.toBeNull();
      expect(silent.socket.received.some((m) => m.type === 'ping')).toBe(true);
      await alive.socket.next((m) => m.type === 'ping', interval * 3);
      expect(alive.socket.ws.readyState).toBe(alive.socket.ws.OPEN);
      // Clients may ping too.
      alive.socket.send({ type: 'ping' });
      await alive.socket.next((m) => m.type === 'pong');
      alive.socket.close();
    });
  });
}
