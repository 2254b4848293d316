import { describe, expect, it } from 'vitest';
import { backoff, MemoryOutboxStore, Outbox, type OutboxItem, type SendResult } from './outbox';

/** A sender scripted per call, recording what reached "the server". */
function scripted(results: (SendResult | 'throw')[]) {
  const sent: string[] = [];
  const send = async (item: OutboxItem): Promise<SendResult> => {
    const r = results.shift() ?? { ok: true, data: {} };
    if (r === 'throw') throw new TypeError('Failed to fetch');
    if (r.ok) sent.push(item.id);
    return r;
  };
  return { sent, send };
}

function manualTimers() {
  const pending: (() => void)[] = [];
  const delays: number[] = [];
  return {
    delays,
    setTimer: (fn: () => void, ms: number) => {
      pending.push(fn);
      delays.push(ms);
      return pending.length;
    },
    clearTimer: () => {
      pending.length = 0;
    },
    fire: () => pending.shift()?.(),
  };
}

const item = (id: string, extra: Partial<OutboxItem> = {}) => ({
  id,
  kind: 'order' as const,
  path: '/orders',
  body: { id },
  label: id,
  ...extra,
});

describe('outbox', () => {
  it('sends queued items in the order they were taken, each once', async () => {
    const { sent, send } = scripted([]);
    const store = new MemoryOutboxStore();
    const box = new Outbox(store, { send });
    await box.enqueue(item('a'));
    await box.enqueue(item('b'));
    await box.enqueue(item('c'));
    await box.flush();
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(await store.all()).toEqual([]);
  });

  it('keeps an item after a network failure and sends it once on the retry', async () => {
    const timers = manualTimers();
    const { sent, send } = scripted(['throw', { ok: true, data: {} }]);
    const store = new MemoryOutboxStore();
    const box = new Outbox(store, { send, ...timers, random: () => 1 });
    await box.enqueue(item('a'));
    await box.flush();
    expect(sent).toEqual([]);
    const [waiting] = await store.all();
    expect(waiting).toMatchObject({ id: 'a', attempts: 1 });
    expect(waiting!.failed).toBeFalsy();
    timers.fire();
    await box.flush();
    expect(sent).toEqual(['a']);
    expect(await store.all()).toEqual([]);
  });

  it('does not send a later item while an earlier one waits for its retry', async () => {
    const timers = manualTimers();
    const { sent, send } = scripted([{ ok: false, retry: true, error: '503' }]);
    const box = new Outbox(new MemoryOutboxStore(), { send, ...timers });
    await box.enqueue(item('order'));
    await box.enqueue(item('payment', { kind: 'payment', after: 'order' }));
    await box.flush();
    expect(sent).toEqual([]);
    await box.kick();
    expect(sent).toEqual(['order', 'payment']);
  });

  it('backs off exponentially up to the cap', async () => {
    expect([1, 2, 3, 4, 10].map((n) => backoff(n, 1000, 8000, 1))).toEqual([
      1000, 2000, 4000, 8000, 8000,
    ]);
    expect(backoff(3, 1000, 8000, 0)).toBe(2000);
    const timers = manualTimers();
    const { send } = scripted(['throw', 'throw', 'throw']);
    const box = new Outbox(new MemoryOutboxStore(), { send, ...timers, random: () => 1 });
    await box.enqueue(item('a'));
    await box.flush();
    timers.fire();
    await box.flush();
    timers.fire();
    await box.flush();
    expect(timers.delays).toEqual([1000, 2000, 4000]);
  });

  it('parks a refused order with the server words, and the payments that need it', async () => {
    const { sent, send } = scripted([
      { ok: false, retry: false, error: 'Product unavailable', status: 422 },
    ]);
    const store = new MemoryOutboxStore();
    const changes: number[] = [];
    const box = new Outbox(store, { send, onChange: (items) => changes.push(items.length) });
    await box.enqueue(item('order'));
    await box.enqueue(item('pay', { kind: 'payment', after: 'order' }));
    await box.enqueue(item('other'));
    await box.flush();
    expect(sent).toEqual(['other']);
    const left = await box.items();
    expect(left.map((i) => [i.id, i.failed, i.last_error])).toEqual([
      ['order', true, 'Product unavailable'],
      ['pay', true, 'Its order was refused.'],
    ]);
    await box.discard(left[0]!.seq!);
    expect((await box.items()).map((i) => i.id)).toEqual(['pay']);
    expect(changes.length).toBeGreaterThan(0);
  });

  it('runs one flush at a time even when kicked repeatedly', async () => {
    let inFlight = 0;
    let most = 0;
    const sent: string[] = [];
    const box = new Outbox(new MemoryOutboxStore(), {
      async send(i) {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        sent.push(i.id);
        return { ok: true, data: {} };
      },
    });
    await Promise.all([box.enqueue(item('a')), box.enqueue(item('b')), box.kick(), box.kick()]);
    await box.flush();
    expect(most).toBe(1);
    expect(sent).toEqual(['a', 'b']);
  });
});

describe('authors (a shared device switches users)', () => {
  it('stamps each item with whoever queued it, and sends it with that author after a switch', async () => {
    const store = new MemoryOutboxStore();
    let who = 'cashier';
    const seen: [string, string | undefined][] = [];
    const outbox = new Outbox(store, {
      author: () => who,
      send: async (i) => {
        seen.push([i.id, i.author]);
        return { ok: false, retry: true, error: 'offline' };
      },
      setTimer: () => 1,
      clearTimer: () => {},
    });
    await outbox.enqueue(item('o1'));
    who = 'waiter';
    await outbox.enqueue(item('o2'));
    expect((await outbox.items()).map((i) => [i.id, i.author])).toEqual([
      ['o1', 'cashier'],
      ['o2', 'waiter'],
    ]);
    // The head goes out as the cashier's, though the waiter is signed in now.
    expect(seen[0]).toEqual(['o1', 'cashier']);
  });
});

describe('approvals given offline', () => {
  it('keeps the approval while it retries, and drops the PIN when the server refuses it', async () => {
    const timers = manualTimers();
    const seen: (string | undefined)[] = [];
    const results: SendResult[] = [
      { ok: false, retry: true, error: 'No network' },
      { ok: false, retry: false, error: 'The manager’s PIN was wrong: not applied.', status: 400 },
    ];
    const store = new MemoryOutboxStore();
    const refused: OutboxItem[] = [];
    const box = new Outbox(store, {
      send: async (i) => {
        seen.push(i.approval?.pin);
        return results.shift()!;
      },
      onRefused: (i) => refused.push(i),
      ...timers,
    });
    await box.enqueue(
      item('d', {
        kind: 'discount',
        path: '/orders/o/discount',
        approval: { user_id: 'manager', pin: '2468' },
      }),
    );
    await box.flush();
    expect((await store.all())[0]!.approval).toEqual({ user_id: 'manager', pin: '2468' });
    await box.kick();
    expect(seen).toEqual(['2468', '2468']);
    const [parked] = await store.all();
    expect(parked).toMatchObject({
      failed: true,
      last_error: expect.stringMatching(/PIN was wrong/),
    });
    expect(parked).not.toHaveProperty('approval');
    // The screen is told, to show the order as the server has it again (and without the PIN).
    expect(refused.map((i) => [i.id, i.approval])).toEqual([['d', undefined]]);
  });
});
