import { createMemo, createSignal, For, Match, Show, Switch } from 'solid-js';
import { createStore } from 'solid-js/store';
import { equalParts } from '../../../worker/src/tables/split';
import { ApiError, api, NetworkError } from '../api/client';
import { printHtml } from '../api/receipt';
import type { Order } from '../api/types';
import { Dialog } from '../components/Dialog';
import { Money } from '../components/Money';
import { QtyStepper } from '../components/QtyStepper';
import { uuid } from '../lib/ids';
import { groupBySeat, pickedLines, seatSplits } from '../lib/split';
import { useStaff } from '../staff/context';

type Mode = 'item' | 'seat' | 'equal';

/**
 * Splitting one order's bill: by item (tap lines, part quantities too: 1 of 3 beers), by seat
 * (one bill per seat), or equally in N shares. Item and seat splits make new orders on the
 * server (exact to the cent); each bill is then paid on its own, with any tender, and its
 * pre-bill printed on its own.
 */
export function SplitBill(props: {
  orderId: string;
  onClose(): void;
  /** Pay one bill; `amount` is an equal share of it (the whole balance when not given). */
  onPay(orderId: string, amount?: number): void;
}) {
  const staff = useStaff();
  const currency = staff.currency;
  const [mode, setMode] = createSignal<Mode>('item');
  const [picked, setPicked] = createStore<Record<string, number>>({});
  const [bills, setBills] = createSignal<string[]>([props.orderId]);
  const [shares, setShares] = createSignal(2);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const order = () => staff.orders[props.orderId];
  const live = () => (order()?.lines ?? []).filter((l) => !l.voided);
  const groups = createMemo(() => groupBySeat(live()));
  const seatPlan = createMemo(() => seatSplits(groups()));
  const pickedCount = () => pickedLines(picked).reduce((s, l) => s + l.quantity, 0);
  const shareAmounts = () => equalParts(order()?.balance ?? 0, shares());
  /** Pre-bills also go to the receipt printer when a station has one (docs/printing.md). */
  const [printer, setPrinter] = createSignal(false);
  const [printed, setPrinted] = createSignal('');
  void api<{ data: { printer: unknown }[] }>('GET', '/stations')
    .then((r) => setPrinter(r.data.some((st) => st.printer)))
    .catch(() => {});
  const sendToPrinter = (id: string, ticket: number) =>
    run(async () => {
      setPrinted('');
      await api('POST', `/orders/${id}/print-receipt`, {});
      setPrinted(`Bill #${ticket} sent to the printer.`);
    }, 'Printing needs the network.');

  const split = async (lines: { line_id: string; quantity: number }[]) => {
    const res = await api<{ order: Order; from: Order }>('POST', `/orders/${props.orderId}/split`, {
      id: uuid(),
      lines,
    });
    staff.setOrders(res.order.id, res.order);
    staff.setOrders(res.from.id, res.from);
    setBills((b) => [...b, res.order.id]);
  };

  const run = async (fn: () => Promise<void>, offline = 'Splitting a bill needs the network.') => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      if (e instanceof NetworkError) setError(offline);
      else if (e instanceof ApiError) setError(e.message);
      else throw e;
    } finally {
      setBusy(false);
    }
  };

  const byItem = () =>
    run(async () => {
      await split(pickedLines(picked));
      setPicked(Object.fromEntries(Object.keys(picked).map((k) => [k, 0])));
    });
  const bySeat = () =>
    run(async () => {
      for (const s of seatPlan()) await split(s.lines);
    });

  const tab = (m: Mode, label: string) => (
    <button
      type="button"
      role="tab"
      class="tab"
      aria-selected={mode() === m}
      onClick={() => setMode(m)}
    >
      {label}
    </button>
  );

  return (
    <Dialog
      title={order() ? `Split bill #${order()!.ticket_number}` : 'Split bill'}
      onClose={props.onClose}
      class="split-bill"
      footer={
        <div class="row">
          <button type="button" class="btn" onClick={() => props.onClose()}>
            Done
          </button>
        </div>
      }
    >
      <div class="tabs" role="tablist" aria-label="Split how">
        {tab('item', 'By item')}
        {tab('seat', 'By seat')}
        {tab('equal', 'Equally')}
      </div>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Switch>
        <Match when={mode() === 'item'}>
          <p class="muted">Choose what goes on a new bill.</p>
          <ul class="split-lines">
            <For each={live()}>
              {(l) => (
                <li>
                  <div class="line-head">
                    <span>
                      {l.quantity} × {l.name}
                      <Show when={l.seat}> · seat {l.seat}</Show>
                    </span>
                    <Money amount={l.line_total} currency={currency()} />
                  </div>
                  <QtyStepper
                    name={`${l.name} to the new bill`}
                    quantity={picked[l.id] ?? 0}
                    onChange={(d) =>
                      setPicked(l.id, Math.max(0, Math.min(l.quantity, (picked[l.id] ?? 0) + d)))
                    }
                  />
                </li>
              )}
            </For>
          </ul>
          <button
            type="button"
            class="btn primary big"
            disabled={busy() || pickedCount() === 0}
            onClick={() => void byItem()}
          >
            Move {pickedCount()} {pickedCount() === 1 ? 'item' : 'items'} to a new bill
          </button>
        </Match>
        <Match when={mode() === 'seat'}>
          <ul class="split-lines">
            <For each={groups()}>
              {(g) => (
                <li>
                  <strong>{g.seat === null ? 'Shared' : `Seat ${g.seat}`}</strong>
                  <span class="muted">
                    {' '}
                    {g.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ')}
                  </span>
                </li>
              )}
            </For>
          </ul>
          <Show
            when={seatPlan().length}
            fallback={
              <p class="muted">
                {bills().length > 1
                  ? 'One bill per seat: pay or print each below.'
                  : 'Give the lines seats (two or more) to split by seat.'}
              </p>
            }
          >
            <button
              type="button"
              class="btn primary big"
              disabled={busy()}
              onClick={() => void bySeat()}
            >
              Split into {seatPlan().length + 1} bills by seat
            </button>
          </Show>
        </Match>
        <Match when={mode() === 'equal'}>
          <div class="row">
            <span>Shares</span>
            <QtyStepper
              name="shares"
              quantity={shares()}
              onChange={(d) => setShares((n) => Math.max(2, Math.min(20, n + d)))}
            />
          </div>
          <ol class="split-lines">
            <For each={shareAmounts()}>
              {(amount, i) => (
                <li>
                  Share {i() + 1}: <Money amount={amount} currency={currency()} />
                </li>
              )}
            </For>
          </ol>
          <p class="muted">Each guest pays a share: take each payment for its amount.</p>
          <Show when={order()?.status === 'open' && (order()?.balance ?? 0) > 0}>
            <button
              type="button"
              class="btn primary big"
              onClick={() => props.onPay(props.orderId, shareAmounts()[0])}
            >
              Take a share of <Money amount={shareAmounts()[0] ?? 0} currency={currency()} />
            </button>
          </Show>
        </Match>
      </Switch>
      <h3>Bills</h3>
      <p role="status" class="muted">
        {printed()}
      </p>
      <ul class="split-bills">
        <For each={bills()}>
          {(id) => (
            <Show when={staff.orders[id]}>
              {(o) => (
                <li>
                  <div class="line-head">
                    <strong>#{o().ticket_number}</strong>
                    <span>
                      <Show when={o().status === 'open'} fallback={o().status}>
                        Due <Money amount={o().balance} currency={currency()} />
                      </Show>
                    </span>
                  </div>
                  <div class="row wrap">
                    <Show when={o().status === 'open' && o().balance > 0}>
                      <button type="button" class="btn primary" onClick={() => props.onPay(id)}>
                        Pay #{o().ticket_number}
                      </button>
                    </Show>
                    <button
                      type="button"
                      class="btn"
                      onClick={() => printHtml(`/orders/${id}/receipt`, 'The pre-bill')}
                    >
                      Print bill #{o().ticket_number}
                    </button>
                    <Show when={printer()}>
                      <button
                        type="button"
                        class="btn"
                        disabled={busy()}
                        onClick={() => void sendToPrinter(id, o().ticket_number)}
                      >
                        Bill #{o().ticket_number} to the printer
                      </button>
                    </Show>
                  </div>
                </li>
              )}
            </Show>
          )}
        </For>
      </ul>
    </Dialog>
  );
}
