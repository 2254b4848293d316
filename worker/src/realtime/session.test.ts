import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signAccessToken } from '../auth/jwt';
import type { StreamEvent } from '../platform';
import { CLOSE, realtimeOptions } from './protocol';
import { Session } from './session';
import type { EventLog } from './store';

const SECRET = 'x'.repeat(40);
const TENANT = '00000000-0000-4000-8000-000000000001';

/** A session over an in-memory log and a fake socket, on fake timers. */
function harness(
  opts: {
    log?: StreamEvent[];
    orderId?: string;
    buffered?: () => number;
    corked?: boolean[];
    onSend?: () => void;
  } = {},
) {
  const log: StreamEvent[] = opts.log ?? [];
  const sent: Record<string, unknown>[] = [];
  const closed: { code: number; reason: string }[] = [];
  let reads = 0;
  const eventLog: EventLog = {
    async after(_t, after, limit) {
      reads++;
      return log.filter((e) => e.seq > after).slice(0, limit);
    },
    async latest() {
      return log.at(-1)?.seq ?? 0;
    },
  };
  // What the socket saw, in order: 'cork', 'uncork' and each message's seq or type.
  const writes: (string | number)[] = [];
  const session = new Session(
    {
      send: (text) => {
        const m = JSON.parse(text);
        opts.onSend?.();
        sent.push(m);
        writes.push('data' in m ? m.seq : m.type);
      },
      close: (code, reason) => closed.push({ code, reason }),
      cork: () => {
        writes.push('cork');
        opts.corked?.push(true);
      },
      uncork: () => {
        writes.push('uncork');
        opts.corked?.pop();
      },
      ...(opts.buffered ? { buffered: opts.buffered } : {}),
    },
    {
      jwtSecret: SECRET,
      admit: async ({ userId, tenantId, role }) => ({ userId, tenantId, role }),
      now: () => Date.now(),
      log: eventLog,
      options: realtimeOptions({
        pingIntervalMs: 1000,
        pageSize: 3,
        gapWaitMs: 50,
        maxBufferedBytes: 1000,
      }),
    },
    { tenantId: TENANT, ...(opts.orderId ? { orderId: opts.orderId } : {}) },
  );
  session.start();
  const add = (n: number) => {
    const out: StreamEvent[] = [];
    for (let i = 0; i < n; i++) {
      const e = {
        seq: (log.at(-1)?.seq ?? 0) + 1,
        type: 'order.created',
        data: { order: { id: 'o1' } },
        at: new Date().toISOString(),
      };
      log.push(e);
      out.push(e);
    }
    return out;
  };
  const events = () => sent.filter((m) => 'data' in m).map((m) => m.seq);
  return { session, sent, closed, log, add, events, writes, reads: () => reads };
}

const token = (role = 'owner', tenantId = TENANT) =>
  signAccessToken(SECRET, { userId: 'u1', tenantId, role: role as 'owner', ver: 0 }, new Date());

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Session', () => {
  it('replays in pages, then ready, without duplicating live events it already replayed', async () => {
    const h = harness();
    h.add(7);
    const auth = h.session.onMessage(
      JSON.stringify({ type: 'auth', token: await token(), since: 2 }),
    );
    // Live events published while the replay runs: some replayed, one new.
    h.session.deliver(h.log.slice(3, 7));
    const [extra] = h.add(1);
    h.session.deliver([extra!]);
    await auth;
    expect(h.events()).toEqual([3, 4, 5, 6, 7, 8]);
    expect(h.sent.findIndex((m) => m.type === 'ready')).toBeGreaterThan(0);
  });

  it('puts events that arrive out of order (two instances) back in order', async () => {
    const h = harness();
    await h.session.onMessage(JSON.stringify({ type: 'auth', token: await token() }));
    const [five, six] = [...h.add(2)];
    h.session.deliver([six!]);
    expect(h.events()).toEqual([]);
    h.session.deliver([five!]);
    expect(h.events()).toEqual([1, 2]);
    h.session.deliver([five!, six!]);
    expect(h.events()).toEqual([1, 2]);
  });

  it('sends the in-order part of a batch at once and holds what lies past a gap', async () => {
    const h = harness();
    await h.session.onMessage(JSON.stringify({ type: 'auth', token: await token('kitchen') }));
    const [one, two, three, four, five] = h.add(5);
    const payment = { ...three!, type: 'payment.succeeded' };
    // Already had 1, then 2 and a payment (which a kitchen screen does not see), then 5 past a gap.
    h.session.deliver([one!]);
    h.session.deliver([one!, two!, payment, five!]);
    expect(h.events()).toEqual([1, 2]);
    h.session.deliver([four!]);
    expect(h.events()).toEqual([1, 2, 4, 5]);
    h.session.deliver([five!]);
    expect(h.events()).toEqual([1, 2, 4, 5]);
  });

  it('sends a replay page, a batch and a filled gap each in one write', async () => {
    const h = harness();
    h.add(4);
    await h.session.onMessage(JSON.stringify({ type: 'auth', token: await token(), since: 0 }));
    const batch = h.add(2);
    h.session.deliver(batch);
    const [seven, eight, nine] = h.add(3);
    h.session.deliver([seven!]);
    h.session.deliver([nine!]);
    h.session.deliver([eight!]);
    // Pages of 3: [1,2,3] and [4]; then the batch [5,6]; 7 alone; 9 waits for 8, then 8 and 9.
    expect(h.writes).toEqual([
      ...['cork', 1, 2, 3, 'uncork', 4, 'ready'],
      ...['cork', 5, 6, 'uncork', 7],
      ...['cork', 8, 9, 'uncork'],
    ]);
  });

  it('judges a slow client by what is left once a corked batch went out, not while corked', async () => {
    // 600 bytes a message, all queued while corked; after uncork a reading client has taken them.
    const corked: boolean[] = [];
    let queued = 0;
    let reading = true;
    const buffered = () => {
      if (!corked.length && reading) queued = 0;
      return queued;
    };
    const h = harness({ buffered, corked, onSend: () => (queued += 600) });
    await h.session.onMessage(JSON.stringify({ type: 'auth', token: await token() }));
    h.session.deliver(h.add(3));
    expect(h.events()).toEqual([1, 2, 3]);
    expect(h.closed).toEqual([]);
    reading = false;
    h.session.deliver(h.add(2));
    expect(h.closed.map((c) => c.code)).toEqual([CLOSE.slow]);
  });

  it('reads the log when a publish was lost', async () => {
    const h = harness();
    await h.session.onMessage(JSON.stringify({ type: 'auth', token: await token() }));
    const lost = h.add(2);
    const [third] = h.add(1);
    h.session.deliver([third!]);
    expect(h.events()).toEqual([]);
    await vi.advanceTimersByTimeAsync(60);
    expect(h.events()).toEqual([...lost.map((e) => e.seq), 3]);
  });

  it('sends resync when the event after since is past retention', async () => {
    const h = harness();
    h.add(3);
    h.log[1]!.at = new Date(Date.now() - 8 * 24 * 3600 * 1000).toISOString();
    await h.session.onMessage(JSON.stringify({ type: 'auth', token: await token(), since: 1 }));
    expect(h.sent).toEqual([{ type: 'resync' }, { type: 'ready', seq: 3 }]);
  });

  it('pings, closes a silent socket, and closes at token expiry', async () => {
    const h = harness();
    await h.session.onMessage(JSON.stringify({ type: 'auth', token: await token() }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.sent.at(-1)).toEqual({ type: 'ping' });
    await h.session.onMessage('{"type":"pong"}');
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.closed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.closed[0]?.code).toBe(CLOSE.heartbeat);

    const e = harness();
    await e.session.onMessage(JSON.stringify({ type: 'auth', token: await token() }));
    for (let i = 0; i < 15 * 60; i++) {
      await vi.advanceTimersByTimeAsync(1000);
      if (e.closed.length) break;
      await e.session.onMessage('{"type":"pong"}');
    }
    expect(e.closed[0]?.code).toBe(CLOSE.unauthorized);
  });

  it('starts a guest socket without auth and filters to its order', async () => {
    const h = harness({ orderId: 'o2' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sent).toEqual([{ type: 'ready', seq: 0 }]);
    const [e1] = h.add(1);
    const e2 = { ...e1!, seq: 2, data: { order: { id: 'o2' } } };
    h.log.push(e2);
    h.session.deliver([e1!, e2]);
    expect(h.events()).toEqual([2]);
  });

  it('carries on from its serialized state, as a Durable Object rebuilds it after hibernation', async () => {
    const h = harness();
    h.add(2);
    await h.session.onMessage(JSON.stringify({ type: 'auth', token: await token('kitchen') }));
    const saved = structuredClone(h.session.state);
    expect(JSON.stringify(saved).length).toBeLessThan(1024);
    const sent: Record<string, unknown>[] = [];
    const closed: number[] = [];
    const rebuilt = new Session(
      { send: (t) => sent.push(JSON.parse(t)), close: (code) => closed.push(code) },
      {
        jwtSecret: SECRET,
        admit: async ({ userId, tenantId, role }) => ({ userId, tenantId, role }),
        now: () => Date.now(),
        log: { after: async () => [], latest: async () => 2 },
        options: realtimeOptions({ pingIntervalMs: 1000 }),
        schedule: () => {},
      },
      { tenantId: saved.tenantId },
      saved,
    );
    const [payment, order] = [
      { seq: 3, type: 'payment.succeeded', data: { order_id: 'o1', payment: {} }, at: '' },
      { seq: 4, type: 'order.updated', data: { order: { id: 'o1' } }, at: '' },
    ];
    rebuilt.deliver([payment, order]);
    expect(sent.map((m) => m.seq)).toEqual([4]); // still kitchen: the payment is filtered
    vi.setSystemTime(saved.exp! * 1000);
    rebuilt.tick();
    expect(closed).toEqual([CLOSE.unauthorized]);
  });

  it('refuses anything but auth first, and a token of another tenant', async () => {
    const h = harness();
    await h.session.onMessage('{"type":"ping"}');
    expect(h.closed[0]?.code).toBe(CLOSE.unauthorized);
    const f = harness();
    await f.session.onMessage(
      JSON.stringify({ type: 'auth', token: await token('owner', crypto.randomUUID()) }),
    );
    expect(f.closed[0]?.code).toBe(CLOSE.unauthorized);
  });
});
