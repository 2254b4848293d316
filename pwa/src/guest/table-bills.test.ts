import { createRoot } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Placed } from './api';
import { liveTableBills, POLL_MS } from './table-bills';

/** The browser's side of the page: fetch answered by hand, sockets recorded, visibility set. */
class FakeSocket {
  static all: FakeSocket[] = [];
  closed = false;
  onmessage?: (m: { data: string }) => void;
  onclose?: () => void;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send() {}
  close() {
    this.closed = true;
  }
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}
const open = () => FakeSocket.all.filter((s) => !s.closed).map((s) => s.url.split('/').at(-2));

let asked: ((data: Placed[]) => void)[] = [];
const fetched = () => asked.length;
const answer = async (data: Placed[]) => {
  asked.at(-1)!(data);
  await settle();
};
const settle = async () => {
  await vi.dynamicImportSettled();
  for (let i = 0; i < 10; i++) await Promise.resolve();
};
const bill = (token: string, balance: number): Placed =>
  ({
    tracking_token: token,
    order: { id: `id-${token}`, ticket_number: 1, status: 'open', balance, lines: [] },
  }) as unknown as Placed;
let visibility: 'visible' | 'hidden' = 'visible';
const setVisibility = (v: typeof visibility) => {
  visibility = v;
  document.dispatchEvent(new Event('visibilitychange'));
};

let dispose = () => {};
const start = (follows: (id: string) => boolean = () => false) =>
  createRoot((d) => {
    dispose = d;
    return liveTableBills('qr-1', follows);
  });

beforeEach(() => {
  asked = [];
  FakeSocket.all = [];
  visibility = 'visible';
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('fetch', (url: string) => {
    expect(url).toBe('/api/v1/public/tables/qr-1/bills');
    return new Promise((resolve) =>
      asked.push((data) => resolve({ ok: true, status: 200, json: async () => ({ data }) })),
    );
  });
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
});
afterEach(() => {
  dispose();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  Reflect.deleteProperty(document, 'visibilityState');
});

describe("the guest page's list of the table's bills", () => {
  it('fetches on mount and every POLL_MS while seen; nothing while hidden; at once when seen again', async () => {
    const t = start();
    expect(fetched()).toBe(1);
    await answer([bill('a', 500)]);
    expect(t.bills.map((b) => b.order.balance)).toEqual([500]);
    await vi.advanceTimersByTimeAsync(POLL_MS - 1);
    expect(fetched()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetched()).toBe(2);
    await answer([bill('a', 300)]);
    expect(t.bills.map((b) => b.order.balance)).toEqual([300]);

    setVisibility('hidden');
    t.refresh(); // an event while hidden
    await vi.advanceTimersByTimeAsync(POLL_MS * 4);
    expect(fetched()).toBe(2);
    setVisibility('visible');
    expect(fetched()).toBe(3);
  });

  it('never overlaps fetches: a burst while one is out costs one more, with the newest answer kept', async () => {
    const t = start();
    const first = t.bills;
    t.refresh();
    t.refresh();
    t.refresh();
    expect(fetched()).toBe(1);
    await answer([bill('a', 500), bill('b', 200)]);
    expect(fetched()).toBe(2);
    const a = t.bills[0];
    await answer([bill('a', 400)]);
    expect(fetched()).toBe(2);
    // The same store object, updated in place (the card on screen stays); b, paid, is gone.
    expect(t.bills).toBe(first);
    expect(t.bills[0]).toBe(a);
    expect(t.bills.map((b) => [b.tracking_token, b.order.balance])).toEqual([['a', 400]]);
  });

  it("watches each listed bill's guest socket, not the ones followed, and closes it when the bill leaves", async () => {
    const t = start((id) => id === 'id-mine');
    await answer([bill('a', 500), bill('mine', 100), bill('b', 200)]);
    expect(open()).toEqual(['a', 'b']);

    // A round or a payment on a bill fetches the list; a kitchen status does not.
    const [a] = FakeSocket.all;
    a!.receive({ seq: 1, type: 'order.line_status', data: {} });
    expect(fetched()).toBe(1);
    a!.receive({ seq: 2, type: 'payment.succeeded', data: {} });
    expect(fetched()).toBe(2);
    await answer([bill('a', 300), bill('mine', 100)]);
    expect(open()).toEqual(['a']);

    dispose();
    await settle();
    expect(open()).toEqual([]);
    t.refresh();
    expect(fetched()).toBe(2);
  });
});
