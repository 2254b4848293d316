import { A, useNavigate, useParams } from '@solidjs/router';
import { createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { ApiError, api } from '../api/client';
import { printHtml } from '../api/receipt';
import { openShift } from '../api/shift';
import type { CashMovement, Page, Shift, ShiftDetail, ZReport } from '../api/types';
import { CashCount } from '../components/CashCount';
import { MoneyInput } from '../components/MoneyInput';
import { uuid } from '../lib/ids';
import { formatMoney, parseMoney } from '../lib/money';
import { useStaff } from '../staff/context';
import { ZReportView } from './ZReportView';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The shift POSTs carry an Idempotency-Key: the retry after a token refresh cannot do it twice. */
const post = <T,>(path: string, body: unknown) =>
  api<T>('POST', path, body, { headers: { 'idempotency-key': uuid() } });

async function currentShift(): Promise<ShiftDetail | null> {
  // Only ask for the running report when a shift is open: no 404 in the console otherwise.
  if (!(await openShift())) return null;
  try {
    return await api<ShiftDetail>('GET', '/shifts/current');
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null; // closed meanwhile
    throw e;
  }
}

const when = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );

/**
 * The cash shift: open it with a float; while open, its running X report, cash in/out with a
 * reason, and closing with a count per note and coin ("Counted cash"), which leads to the Z report.
 */
export default function ShiftScreen() {
  const staff = useStaff();
  const navigate = useNavigate();
  const currency = staff.currency;
  const [current, { refetch }] = createResource(currentShift);
  const [past, { refetch: refetchPast }] = createResource(() =>
    api<Page<Shift>>('GET', '/shifts?limit=20'),
  );
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  // The X report runs: payments, refunds and movements on any device update it.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const off = staff.onEvent((e) => {
    if (
      e.type.startsWith('shift.') ||
      e.type.startsWith('payment.') ||
      e.type === 'order.updated'
    ) {
      clearTimeout(timer);
      timer = setTimeout(() => void refetch(), 300);
    }
  });
  onCleanup(() => {
    off();
    clearTimeout(timer);
  });

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  const [floatText, setFloatText] = createSignal('');
  const openShift = () =>
    run(async () => {
      const opening_float = parseMoney(floatText(), currency());
      if (opening_float === null) throw new Error('Enter the opening float.');
      await post('/shifts', { opening_float });
      setFloatText('');
      await Promise.all([refetch(), refetchPast()]);
    });

  const closeShift = (id: string, counted_cash: number) =>
    run(async () => {
      await post<ZReport>(`/shifts/${id}/close`, { counted_cash });
      navigate(`/shift/${id}`);
    });

  return (
    <div class="shift">
      <div class="row">
        <h1>Shift</h1>
        <span class="spacer" />
        <Show when={!current.error && current()}>
          <button
            type="button"
            class="btn"
            onClick={() => printHtml(`/shifts/${current()!.id}/z-report`, 'The X report')}
          >
            Print X report
          </button>
        </Show>
      </div>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={current.error}>
        <p class="error" role="alert">
          The shift could not be loaded: {message(current.error)}
        </p>
      </Show>
      <Show
        when={!current.error && current()}
        fallback={
          <Show when={current.state === 'ready'}>
            <form
              class="card shift-open"
              onSubmit={(e) => {
                e.preventDefault();
                void openShift();
              }}
            >
              <h2>No shift is open</h2>
              <p class="muted">Count the change in the drawer and open the shift with it.</p>
              <MoneyInput
                label="Opening float"
                currency={currency()}
                text={floatText()}
                onText={setFloatText}
              />
              <button
                type="submit"
                class="btn primary"
                disabled={busy() || parseMoney(floatText(), currency()) === null}
              >
                Open shift
              </button>
            </form>
          </Show>
        }
      >
        {(s) => (
          <>
            <p role="status" class="success">
              Shift open since {when(s().opened_at, staff.tenant().timezone)}, float{' '}
              {formatMoney(s().opening_float, currency())}.
            </p>
            <Show when={s().x_report}>{(x) => <ZReportView report={x()} />}</Show>
            <div class="zreport-grid">
              <Movements
                shift={s()}
                busy={busy()}
                onAdd={(amount, reason) =>
                  run(async () => {
                    await post<CashMovement>(`/shifts/${s().id}/cash-movements`, {
                      amount,
                      reason,
                    });
                    await refetch();
                  })
                }
              />
              <CashCount
                currency={currency()}
                expected={s().x_report?.expected_cash ?? null}
                busy={busy()}
                onClose={(counted) => void closeShift(s().id, counted)}
              />
            </div>
          </>
        )}
      </Show>
      <PastShifts shifts={(!past.error && past()?.data) || []} />
    </div>
  );
}

function Movements(props: {
  shift: ShiftDetail;
  busy: boolean;
  onAdd(amount: number, reason: string): Promise<void>;
}) {
  const staff = useStaff();
  const currency = staff.currency;
  const [direction, setDirection] = createSignal<'in' | 'out'>('out');
  const [amountText, setAmountText] = createSignal('');
  const [reason, setReason] = createSignal('');
  const amount = () => parseMoney(amountText(), currency());
  const ok = () => (amount() ?? 0) > 0 && reason().trim() !== '';

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!ok()) return;
    const a = amount()!;
    await props.onAdd(direction() === 'out' ? -a : a, reason().trim());
    setAmountText('');
    setReason('');
  };

  return (
    <section class="card" aria-labelledby="movements-title">
      <h2 id="movements-title">Cash in/out</h2>
      <form onSubmit={(e) => void submit(e)}>
        <fieldset class="row plain">
          <legend class="sr-only">Direction</legend>
          <label class="choice">
            <input
              type="radio"
              name="direction"
              checked={direction() === 'in'}
              onChange={() => setDirection('in')}
            />
            Cash in
          </label>
          <label class="choice">
            <input
              type="radio"
              name="direction"
              checked={direction() === 'out'}
              onChange={() => setDirection('out')}
            />
            Cash out
          </label>
        </fieldset>
        <MoneyInput
          label="Amount"
          currency={currency()}
          text={amountText()}
          onText={setAmountText}
        />
        <label class="field">
          <span>Reason</span>
          <input
            value={reason()}
            maxLength={200}
            placeholder="Bank drop, change from the bank…"
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="btn" disabled={props.busy || !ok()}>
          Record cash {direction()}
        </button>
      </form>
      <Show when={props.shift.cash_movements.length > 0}>
        <ul class="plain-list" aria-label="Cash movements">
          <For each={props.shift.cash_movements}>
            {(mv) => (
              <li>
                {when(mv.created_at, staff.tenant().timezone)} ·{' '}
                <strong>
                  {mv.amount > 0 ? '+' : ''}
                  {formatMoney(mv.amount, currency())}
                </strong>{' '}
                · {mv.reason}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

function PastShifts(props: { shifts: Shift[] }) {
  const staff = useStaff();
  const tz = staff.tenant().timezone;
  const m = (v: number) => formatMoney(v, staff.currency());
  return (
    <Show when={props.shifts.some((s) => s.status === 'closed')}>
      <section class="card past-shifts" aria-labelledby="past-title">
        <h2 id="past-title">Past shifts</h2>
        <ul class="plain-list">
          <For each={props.shifts.filter((s) => s.status === 'closed')}>
            {(s) => (
              <li>
                <A href={`/shift/${s.id}`}>
                  Z report {when(s.opened_at, tz)} – {when(s.closed_at!, tz)}
                </A>{' '}
                <span class="muted">
                  counted {m(s.counted_cash ?? 0)}, difference {m(s.difference ?? 0)}
                </span>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}

/** One shift's Z report (the X report while it is still open), with Print. */
export function ShiftReport() {
  const params = useParams();
  const [shift] = createResource(
    () => params.id,
    async (id) => {
      const s = await api<ShiftDetail>('GET', `/shifts/${id}`);
      const report =
        s.z_report ??
        (await api<ZReport>('GET', `/shifts/${id}/z-report`, undefined, {
          headers: { accept: 'application/json' },
        }));
      return { shift: s, report };
    },
  );
  return (
    <div class="shift">
      <div class="row">
        <A href="/shift" class="btn ghost">
          ← Shift
        </A>
        <h1>
          <Show when={!shift.error && shift()} fallback="Report">
            {(s) => (s().report.kind === 'z' ? 'Z report' : 'X report')}
          </Show>
        </h1>
        <span class="spacer" />
        <button
          type="button"
          class="btn primary"
          onClick={() => printHtml(`/shifts/${params.id}/z-report`, 'The Z report')}
        >
          Print
        </button>
      </div>
      <Show when={shift.error}>
        <p class="error" role="alert">
          The report could not be loaded: {message(shift.error)}
        </p>
      </Show>
      <Show when={!shift.error && shift()}>{(s) => <ZReportView report={s().report} />}</Show>
    </div>
  );
}
