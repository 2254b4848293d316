/**
 * The outbox: every order and cash payment the POS takes goes here first, then to the server, in
 * the order it was taken. Framework-free (a store and a sender are injected) so the rules are
 * tested without a browser:
 * - one item at a time, oldest first; the next waits until the one before is through;
 * - a network failure, a 5xx, a 429 or a 401 leaves the item queued and retries with exponential
 *   back-off (capped, with jitter); `kick()` (the browser came back online) retries at once;
 * - a success removes the item: each is sent until the server has it once. Retrying the same
 *   request is safe because the body carries the client's UUID (the server's idempotency);
 * - a 4xx the server will never accept (400, 409, 422…) parks the item as failed, with the
 *   server's words, and the items that depend on it (payments of a refused order) with it.
 *   A parked item keeps no manager PIN: its approval is dropped with the failure.
 */

/**
 * A manager's approval given offline (docs/offline.md, Discounts offline): who approved and the
 * PIN they typed. Nothing here was checked on the device (it holds no PIN hashes): the server
 * checks the PIN when the item goes out, and the item runs with that manager's rights, once.
 */
export interface OutboxApproval {
  user_id: string;
  pin: string;
}

export interface OutboxItem {
  /** Queue position (IndexedDB auto-increment key). */
  seq?: number;
  /** The client UUID of the object this creates. */
  id: string;
  /**
   * An order, a round of lines added to an open order, a payment, a discount, or an `action`: a
   * change to an existing order (move, merge) answered with the order.
   */
  kind: 'order' | 'lines' | 'payment' | 'discount' | 'action';
  method: 'POST';
  path: string;
  body: unknown;
  /** The item this one needs on the server first (a payment's order). */
  after?: string;
  /**
   * Who queued it (user id): it goes out under that user's session even after a staff switch
   * on a shared device. Absent on items queued before this field existed: the current session.
   */
  author?: string;
  /** A manager's approval typed offline: the item goes out with their rights, not the author's. */
  approval?: OutboxApproval;
  /** For the pending list: "Order · 2 items". */
  label: string;
  created_at: number;
  attempts: number;
  last_error?: string;
  failed?: boolean;
}

export interface OutboxStore {
  all(): Promise<OutboxItem[]>;
  add(item: OutboxItem): Promise<number>;
  put(item: OutboxItem): Promise<void>;
  delete(seq: number): Promise<void>;
}

export type SendResult =
  | { ok: true; data: unknown }
  | { ok: false; retry: boolean; error: string; status?: number };

export interface OutboxOptions {
  send(item: OutboxItem): Promise<SendResult>;
  /** Who is queueing now (user id): stamped on each item as its author. */
  author?: () => string | undefined;
  onSent?(item: OutboxItem, data: unknown): void;
  /** An item parked as refused (or with the order it needed): what the device shows is stale. */
  onRefused?(item: OutboxItem): void;
  onChange?(items: OutboxItem[]): void;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

export function backoff(attempts: number, base: number, max: number, random: number): number {
  const exp = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  // Full jitter on the upper half: spreads a room of tablets coming back online at once.
  return Math.round(exp / 2 + (exp / 2) * random);
}

export class Outbox {
  private flushing: Promise<void> | null = null;
  private again = false;
  private timer: unknown = null;
  private readonly base: number;
  private readonly max: number;

  constructor(
    private readonly store: OutboxStore,
    private readonly opts: OutboxOptions,
  ) {
    this.base = opts.baseDelayMs ?? 1000;
    this.max = opts.maxDelayMs ?? 60_000;
  }

  async items(): Promise<OutboxItem[]> {
    const all = await this.store.all();
    return all.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  }

  private async changed(): Promise<void> {
    this.opts.onChange?.(await this.items());
  }

  async enqueue(item: Omit<OutboxItem, 'attempts' | 'created_at' | 'method'>): Promise<void> {
    const author = item.author ?? this.opts.author?.();
    await this.store.add({
      ...item,
      ...(author ? { author } : {}),
      method: 'POST',
      attempts: 0,
      created_at: Date.now(),
    });
    await this.changed();
    void this.flush();
  }

  /** Retry now (back online, or the user asked). */
  kick(): Promise<void> {
    if (this.timer !== null) {
      (this.opts.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
      this.timer = null;
    }
    return this.flush();
  }

  /**
   * Sends what is queued, in order; resolves when the queue is empty or waiting on back-off.
   * While a back-off timer runs, nothing is sent early (new items wait behind the head); kick()
   * is the way to retry at once.
   */
  flush(): Promise<void> {
    if (this.timer !== null) return Promise.resolve();
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = this.run().finally(() => {
      this.flushing = null;
      if (this.again) {
        this.again = false;
        void this.flush();
      }
    });
    return this.flushing;
  }

  /** Drops a failed item (the user read why and dismissed it). */
  async discard(seq: number): Promise<void> {
    await this.store.delete(seq);
    await this.changed();
  }

  private async run(): Promise<void> {
    for (;;) {
      const items = await this.items();
      const failedIds = new Set(items.filter((i) => i.failed).map((i) => i.id));
      const next = items.find((i) => !i.failed);
      if (!next) return;
      if (next.after && failedIds.has(next.after)) {
        await this.store.put({ ...next, failed: true, last_error: 'Its order was refused.' });
        this.opts.onRefused?.(next);
        await this.changed();
        continue;
      }
      let result: SendResult;
      try {
        result = await this.opts.send(next);
      } catch (e) {
        result = { ok: false, retry: true, error: e instanceof Error ? e.message : String(e) };
      }
      if (result.ok) {
        await this.store.delete(next.seq!);
        this.opts.onSent?.(next, result.data);
        await this.changed();
        continue;
      }
      const attempts = next.attempts + 1;
      if (!result.retry) {
        // A refused item is never sent again: the PIN it carried has no use left on the device.
        const { approval: _pin, ...parked } = next;
        await this.store.put({ ...parked, attempts, failed: true, last_error: result.error });
        this.opts.onRefused?.(parked);
        await this.changed();
        continue;
      }
      await this.store.put({ ...next, attempts, last_error: result.error });
      await this.changed();
      const delay = backoff(attempts, this.base, this.max, (this.opts.random ?? Math.random)());
      this.timer = (this.opts.setTimer ?? setTimeout)(() => {
        this.timer = null;
        void this.flush();
      }, delay);
      return;
    }
  }
}

/** Which failures are worth retrying: no answer, throttled, auth to refresh, or server trouble. */
export function retryable(status: number | undefined): boolean {
  return (
    status === undefined || status === 401 || status === 408 || status === 429 || status >= 500
  );
}

/** An in-memory store (tests, and browsers without IndexedDB). */
export class MemoryOutboxStore implements OutboxStore {
  private rows = new Map<number, OutboxItem>();
  private next = 1;
  async all() {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }
  async add(item: OutboxItem) {
    const seq = this.next++;
    this.rows.set(seq, { ...item, seq });
    return seq;
  }
  async put(item: OutboxItem) {
    this.rows.set(item.seq!, { ...item });
  }
  async delete(seq: number) {
    this.rows.delete(seq);
  }
}
