import { createEffect, createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { ApiError, api, NetworkError } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Money } from '../components/Money';
import { uuid } from '../lib/ids';
import { exponent, formatMoney, parseMoney, toDecimalString } from '../lib/money';
import { Approval, needsApproval } from '../staff/Approval';
import { useStaff } from '../staff/context';

/** The parts of GET /orders/{id}/receipt (JSON) a refund needs. */
interface ReceiptJson {
  ticket_number: number;
  total: number;
  subtotal: number;
  lines: { id: string; name: string; quantity: number; line_total: number }[];
  payments: { id: string; method: string; amount: number; refunded: number }[];
}

const message = (e: unknown) =>
  e instanceof NetworkError
    ? 'Refunds need the network.'
    : e instanceof Error
      ? e.message
      : String(e);

/**
 * Refunding part or all of a paid order: pick the lines (their share of the total after any
 * discount is proposed as the amount), the payment it goes back to, and a reason. Refunds are
 * for managers: a cashier's refund asks for a manager's approval on the spot.
 */
export function Refund(props: { orderId: string; onClose(): void; onDone(): void }) {
  const staff = useStaff();
  const currency = staff.currency;
  const role = staff.session.me.user.role;
  const [data, { refetch }] = createResource(() =>
    api<ReceiptJson>('GET', `/orders/${props.orderId}/receipt`, undefined, {
      headers: { accept: 'application/json' },
    }),
  );
  const [picked, setPicked] = createSignal<ReadonlySet<string>>(new Set());
  const [paymentId, setPaymentId] = createSignal<string | null>(null);
  const [amountText, setAmountText] = createSignal('');
  const [reason, setReason] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [done, setDone] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [approving, setApproving] = createSignal(false);

  const refundable = (p: ReceiptJson['payments'][number]) => p.amount - p.refunded;
  const payments = createMemo(() => (data()?.payments ?? []).filter((p) => refundable(p) > 0));
  createEffect(() => {
    if (!paymentId() && payments()[0]) setPaymentId(payments()[0]!.id);
  });
  const payment = () => payments().find((p) => p.id === paymentId());

  /** The picked lines' share of what was charged (discount spread in proportion). */
  const linesShare = () => {
    const d = data();
    if (!d || d.subtotal === 0) return 0;
    const gross = d.lines.filter((l) => picked().has(l.id)).reduce((s, l) => s + l.line_total, 0);
    return Math.round((gross * d.total) / d.subtotal);
  };
  const toggle = (id: string) => {
    const next = new Set(picked());
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
    const p = payment();
    const share = Math.min(linesShare(), p ? refundable(p) : 0);
    setAmountText(share ? toDecimalString(share, exponent(currency())) : '');
  };

  const amount = () => parseMoney(amountText(), currency());
  const ok = () => {
    const a = amount();
    const p = payment();
    return !!p && a !== null && a > 0 && a <= refundable(p) && !!reason().trim();
  };

  const run = async (token?: string) => {
    const p = payment()!;
    const a = amount()!;
    await api(
      'POST',
      `/orders/${props.orderId}/refunds`,
      {
        id: uuid(),
        payment_id: p.id,
        amount: a,
        reason: reason().trim(),
      },
      token ? { token } : {},
    );
    setApproving(false);
    setDone(`Refunded ${formatMoney(a, currency())} (${p.method}).`);
    setPicked(new Set<string>());
    setAmountText('');
    setReason('');
    props.onDone();
    void refetch();
  };

  const submit = async () => {
    if (!ok()) return;
    setError(null);
    if (needsApproval(role)) {
      setApproving(true);
      return;
    }
    setBusy(true);
    try {
      await run();
    } catch (e) {
      setError(e instanceof ApiError || e instanceof NetworkError ? message(e) : message(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Dialog
        title={data() ? `Refund order #${data()!.ticket_number}` : 'Refund'}
        onClose={props.onClose}
        class="refund"
        footer={
          <button
            type="submit"
            form="refund-form"
            class="btn primary big"
            disabled={busy() || !ok()}
          >
            Refund {amount() ? formatMoney(amount()!, currency()) : ''}
          </button>
        }
      >
        <Show when={error()}>
          <p class="error" role="alert">
            {error()}
          </p>
        </Show>
        <Show when={done()}>
          <p class="success" role="status">
            {done()}
          </p>
        </Show>
        <Show when={data()} fallback={<p role="status">Loading…</p>}>
          {(d) => (
            <form
              id="refund-form"
              onSubmit={(e) => {
                e.preventDefault();
                void submit();
              }}
            >
              <fieldset class="plain">
                <legend class="field-legend">Lines to refund</legend>
                <For each={d().lines}>
                  {(l) => (
                    <label class="choice">
                      <input
                        type="checkbox"
                        checked={picked().has(l.id)}
                        onChange={() => toggle(l.id)}
                      />
                      <span>
                        {l.quantity}× {l.name}
                      </span>
                      <span class="delta">
                        <Money amount={l.line_total} currency={currency()} />
                      </span>
                    </label>
                  )}
                </For>
              </fieldset>
              <Show
                when={payments().length}
                fallback={<p class="muted">Nothing left to refund on this order.</p>}
              >
                <fieldset class="plain">
                  <legend class="field-legend">Back to the payment</legend>
                  <For each={payments()}>
                    {(p) => (
                      <label class="choice">
                        <input
                          type="radio"
                          name="refund-payment"
                          checked={paymentId() === p.id}
                          onChange={() => setPaymentId(p.id)}
                        />
                        <span>
                          {p.method}: <Money amount={p.amount} currency={currency()} />
                        </span>
                        <span class="delta">
                          up to <Money amount={refundable(p)} currency={currency()} />
                        </span>
                      </label>
                    )}
                  </For>
                </fieldset>
                <label class="field">
                  <span>Amount</span>
                  <input
                    type="text"
                    inputMode="decimal"
                    value={amountText()}
                    aria-invalid={amountText() !== '' && !ok() && !!reason().trim()}
                    onInput={(e) => setAmountText(e.currentTarget.value)}
                  />
                </label>
                <label class="field">
                  <span>Reason</span>
                  <input
                    type="text"
                    maxLength={500}
                    value={reason()}
                    onInput={(e) => setReason(e.currentTarget.value)}
                  />
                </label>
              </Show>
            </form>
          )}
        </Show>
      </Dialog>
      <Show when={approving()}>
        <Approval
          action={`Refund ${formatMoney(amount() ?? 0, currency())}`}
          run={(token) => run(token)}
          onClose={() => setApproving(false)}
        />
      </Show>
    </>
  );
}
