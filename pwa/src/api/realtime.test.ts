import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectRealtime } from './realtime';

class FakeSocket {
  static all: FakeSocket[] = [];
  static OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  onopen?: () => void;
  onmessage?: (m: { data: string }) => void;
  onclose?: () => void;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.onclose?.();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
  vi.stubGlobal('WebSocket', FakeSocket);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('realtime client', () => {
  it('authenticates first, answers pings, and resumes from the last seq after a drop', async () => {
    const events: number[] = [];
    const handle = connectRealtime({
      url: 'ws://x/api/v1/realtime?tenant=t',
      token: async () => 'tok',
      onEvent: (e) => events.push(e.seq),
    });
    await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    const first = FakeSocket.all[0]!;
    first.open();
    expect(JSON.parse(first.sent[0]!)).toEqual({ type: 'auth', token: 'tok' });
    first.receive({ type: 'ready', seq: 7 });
    first.receive({ seq: 8, type: 'order.created', data: {}, at: '' });
    first.receive({ seq: 9, type: 'order.updated', data: {}, at: '' });
    first.receive({ type: 'ping' });
    expect(first.sent.at(-1)).toBe('{"type":"pong"}');
    expect(events).toEqual([8, 9]);

    first.close(); // the network dropped
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(2));
    const second = FakeSocket.all[1]!;
    second.open();
    expect(JSON.parse(second.sent[0]!)).toEqual({ type: 'auth', token: 'tok', since: 9 });
    expect(handle.seq).toBe(9);
    handle.close();
  });

  it('hands the server a renewed token before the old one expires', async () => {
    let token = 'tok-1';
    const handle = connectRealtime({ url: 'ws://x', token: async () => token, onEvent: () => {} });
    await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    const s = FakeSocket.all[0]!;
    s.open();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.sent).toHaveLength(1); // unchanged token: nothing to resend
    token = 'tok-2';
    await vi.advanceTimersByTimeAsync(60_000);
    expect(JSON.parse(s.sent.at(-1)!)).toEqual({ type: 'auth', token: 'tok-2' });
    handle.close();
  });

  it('forgets its seq on resync and asks the screen to reload', async () => {
    const onResync = vi.fn();
    connectRealtime({ url: 'ws://x', token: async () => 'tok', onEvent: () => {}, onResync });
    await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    const s = FakeSocket.all[0]!;
    s.open();
    s.receive({ type: 'resync' });
    expect(onResync).toHaveBeenCalledTimes(1);
  });
});
