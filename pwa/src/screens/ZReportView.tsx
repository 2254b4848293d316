import { For, type JSX, Show } from 'solid-js';
import type { ZReport } from '../api/types';
import { formatMoney } from '../lib/money';

const time = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );

function Figure(props: { label: string; children: JSX.Element; strong?: boolean }) {
  return (
    <>
      <dt classList={{ total: props.strong }}>{props.label}</dt>
      <dd classList={{ total: props.strong }}>{props.children}</dd>
    </>
  );
}

/**
 * The figures of a Z report (or the running X report of an open shift): the cash drawer
 * (expected, counted, difference), sales and tips by method, tax by rate, refunds, voids,
 * discounts and who took what. Every amount is integer minor units until formatted here.
 */
export function ZReportView(props: { report: ZReport }) {
  const z = () => props.report;
  const m = (v: number) => formatMoney(v, z().currency);
  // Money going out reads with a minus; none at all reads as a plain zero, not "−€0.00".
  const out = (v: number) => (v ? `−${m(v)}` : m(0));
  const signed = (v: number) => (v > 0 ? `+${m(v)}` : m(v));
  return (
    <div class="zreport">
      <p class="muted">
        Opened {time(z().opened_at, z().timezone)}
        <Show when={z().closed_at}>{(c) => <>, closed {time(c(), z().timezone)}</>}</Show>
      </p>
      <div class="zreport-grid">
        <section class="card" aria-labelledby="z-cash">
          <h2 id="z-cash">Cash drawer</h2>
          <dl class="totals">
            <Figure label="Opening float">{m(z().opening_float)}</Figure>
            <Figure label="Cash sales">{m(z().sales_by_method.cash)}</Figure>
            <Figure label="Cash tips">{m(z().tips_by_method.cash)}</Figure>
            <Show when={z().cash_rounding !== 0}>
              <Figure label="Cash rounding">{signed(z().cash_rounding)}</Figure>
            </Show>
            <Figure label="Cash refunds">{out(z().refunds.by_method.cash)}</Figure>
            <Figure label={`Cash in/out (${z().cash_movements.count})`}>
              {signed(z().cash_movements.amount)}
            </Figure>
            <Figure label="Expected cash" strong>
              <span data-testid="expected-cash">{m(z().expected_cash)}</span>
            </Figure>
            <Show when={z().counted_cash !== null}>
              <Figure label="Counted cash" strong>
                <span data-testid="counted-cash">{m(z().counted_cash!)}</span>
              </Figure>
              <Figure label="Difference" strong>
                <span
                  data-testid="difference"
                  classList={{ error: (z().difference ?? 0) < 0, success: z().difference === 0 }}
                >
                  {signed(z().difference ?? 0)}
                </span>
              </Figure>
            </Show>
          </dl>
        </section>
        <section class="card" aria-labelledby="z-sales">
          <h2 id="z-sales">Sales</h2>
          <dl class="totals">
            <Figure label="Cash">{m(z().sales_by_method.cash)}</Figure>
            <Figure label="Card (online)">{m(z().sales_by_method.card)}</Figure>
            <Figure label="Card terminal">{m(z().sales_by_method.terminal)}</Figure>
            <Figure label="Total" strong>
              {m(Object.values(z().sales_by_method).reduce((a, b) => a + b, 0))}
            </Figure>
            <Figure label="Tips cash">{m(z().tips_by_method.cash)}</Figure>
            <Figure label="Tips card (online)">{m(z().tips_by_method.card)}</Figure>
            <Figure label="Tips card terminal">{m(z().tips_by_method.terminal)}</Figure>
            <Figure label={`Refunds (${z().refunds.count})`}>{out(z().refunds.amount)}</Figure>
            <Figure label={`Voids (${z().voids.count})`}>{m(z().voids.amount)}</Figure>
            <Figure label={`Discounts (${z().discounts.count})`}>{m(z().discounts.amount)}</Figure>
          </dl>
        </section>
        <section class="card" aria-labelledby="z-tax">
          <h2 id="z-tax">Tax by rate</h2>
          <table class="figures">
            <thead>
              <tr>
                <th scope="col">Rate</th>
                <th scope="col">Net</th>
                <th scope="col">Tax</th>
                <th scope="col">Gross</th>
              </tr>
            </thead>
            <tbody>
              <For each={z().tax_summary} fallback={<EmptyRow cols={4} />}>
                {(b) => (
                  <tr>
                    <th scope="row">{(b.rate_bp / 100).toFixed(2)} %</th>
                    <td>{m(b.net)}</td>
                    <td>{m(b.tax)}</td>
                    <td>{m(b.gross)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </section>
        <section class="card" aria-labelledby="z-staff">
          <h2 id="z-staff">By staff</h2>
          <table class="figures">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Payments</th>
                <th scope="col">Tips</th>
                <th scope="col">Refunds</th>
              </tr>
            </thead>
            <tbody>
              <For each={z().by_staff} fallback={<EmptyRow cols={4} />}>
                {(s) => (
                  <tr>
                    <th scope="row">{s.name}</th>
                    <td>
                      {m(s.payments.amount)} ({s.payments.count})
                    </td>
                    <td>{m(s.tips)}</td>
                    <td>
                      {m(s.refunds.amount)} ({s.refunds.count})
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </section>
        <Show when={z().voids.items.length + z().discounts.items.length > 0}>
          <section class="card" aria-labelledby="z-who">
            <h2 id="z-who">Voids and discounts</h2>
            <ul class="plain-list">
              <For each={[...z().voids.items, ...z().discounts.items]}>
                {(i) => (
                  <li>
                    {time(i.at, z().timezone)} · {i.kind.replace('.', ' ')} · {i.name}
                    {i.reason ? ` “${i.reason}”` : ''}: {m(i.amount)}
                  </li>
                )}
              </For>
            </ul>
          </section>
        </Show>
      </div>
    </div>
  );
}

function EmptyRow(props: { cols: number }) {
  return (
    <tr>
      <td colSpan={props.cols} class="muted">
        None
      </td>
    </tr>
  );
}
