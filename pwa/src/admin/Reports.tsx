import {
  createEffect,
  createResource,
  createSignal,
  For,
  onCleanup,
  onMount,
  Show,
} from 'solid-js';
import { ApiError, api } from '../api/client';
import type { SalesGroupBy, SalesRow } from '../api/types';
import { formatMoney } from '../lib/money';
import { addDays, dateRange, todayIn } from '../lib/zoned';
import { useStaff } from '../staff/context';
import { BarChart } from './BarChart';
import { type GridApi, makeGrid } from './grid';

const GROUPS: [SalesGroupBy, string][] = [
  ['day', 'Day'],
  ['hour', 'Hour'],
  ['category', 'Category'],
  ['product', 'Product'],
  ['method', 'Payment method'],
  ['staff', 'Staff'],
];

type Row = SalesRow & { id: string };

const salesPath = (range: { from: string; to: string }, group: SalesGroupBy) =>
  `/reports/sales?${new URLSearchParams({ ...range, group_by: group })}`;

async function sales(range: { from: string; to: string }, group: SalesGroupBy) {
  return (await api<{ data: SalesRow[] }>('GET', salesPath(range, group))).data;
}

/** Saves a Response as a file through a temporary object URL. */
async function saveResponse(res: Response, fallbackName: string) {
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Sales reports (owners and managers; loaded with admin, so ag-grid stays out of the POS and guest
 * bundles): a date range in the tenant's time zone, charts of sales by day, category and method,
 * and a grid of the chosen grouping with a CSV download.
 */
export function Reports() {
  const staff = useStaff();
  const tz = staff.tenant().timezone;
  const currency = staff.currency;
  const m = (v: number) => formatMoney(v, currency());
  const today = todayIn(tz);
  const [first, setFirst] = createSignal(addDays(today, -6));
  const [last, setLast] = createSignal(today);
  const [group, setGroup] = createSignal<SalesGroupBy>('day');
  const [message, setMessage] = createSignal<string | null>(null);

  const range = () => (first() <= last() ? dateRange(first(), last(), tz) : null);
  const [charts] = createResource(range, async (r) => {
    const [day, category, method] = await Promise.all([
      sales(r, 'day'),
      sales(r, 'category'),
      sales(r, 'method'),
    ]);
    return { day, category, method };
  });
  const [table] = createResource(
    () => {
      const r = range();
      return r ? { r, g: group() } : null;
    },
    ({ r, g }) => sales(r, g),
  );

  let el!: HTMLDivElement;
  let grid: GridApi<Row> | undefined;
  onMount(() => {
    const money = {
      valueFormatter: (p: { value: number | null | undefined }) => m(p.value ?? 0),
      type: 'rightAligned',
      cellDataType: 'number',
    };
    grid = makeGrid<Row>(el, {
      columnDefs: [
        // Types fixed: inferred from the first rows, a day's label would pass for a date.
        { field: 'label', headerName: 'Label', flex: 2, cellDataType: 'text' },
        { field: 'orders', headerName: 'Orders', cellDataType: 'number', type: 'rightAligned' },
        { field: 'quantity', headerName: 'Quantity', cellDataType: 'number', type: 'rightAligned' },
        { field: 'net', headerName: 'Net', ...money },
        { field: 'tax', headerName: 'Tax', ...money },
        { field: 'gross', headerName: 'Gross', ...money },
      ],
      defaultColDef: { flex: 1, sortable: true, filter: true },
    });
  });
  onCleanup(() => grid?.destroy());
  createEffect(() => {
    const rows = table.error ? undefined : table();
    if (rows)
      grid?.setGridOption(
        'rowData',
        rows.map((r) => ({ ...r, id: r.key })),
      );
  });

  const download = async () => {
    const r = range();
    if (!r) return;
    setMessage(null);
    try {
      const res = await api<Response>('GET', salesPath(r, group()), undefined, {
        response: true,
        headers: { accept: 'text/csv' },
      });
      await saveResponse(res, `sales-by-${group()}-${first()}.csv`);
      setMessage('CSV downloaded.');
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    }
  };

  // A resource that failed throws when read: read it only when it did not.
  const chartData = () => (charts.error ? undefined : charts());
  const bars = (rows: SalesRow[] | undefined) =>
    (rows ?? []).map((r) => ({ label: r.label, value: r.gross }));
  // Sales over time: every day of the range (up to a month), days without sales at zero.
  const dayBars = (rows: SalesRow[] | undefined) => {
    if (!rows?.length) return [];
    const days: string[] = [];
    for (let d = first(); d <= last() && days.length <= 31; d = addDays(d, 1)) days.push(d);
    if (days.length > 31) return bars(rows);
    const byDay = new Map(rows.map((r) => [r.key, r.gross]));
    return days.map((d) => ({ label: d, value: byDay.get(d) ?? 0 }));
  };
  const total = () => (chartData()?.day ?? []).reduce((s, r) => s + r.gross, 0);

  return (
    <div class="reports">
      <h1>Reports</h1>
      <form class="row" onSubmit={(e) => e.preventDefault()}>
        <label class="field">
          <span>From</span>
          <input type="date" value={first()} onChange={(e) => setFirst(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>To</span>
          <input type="date" value={last()} onChange={(e) => setLast(e.currentTarget.value)} />
        </label>
        <p class="muted">
          Dates in {tz}. <Show when={chartData()}>Gross sales: {m(total())}</Show>
        </p>
      </form>
      <Show when={!range()}>
        <p class="error" role="alert">
          The first date must not be after the last.
        </p>
      </Show>
      <Show when={charts.error || table.error}>
        <p class="error" role="alert">
          The report could not be loaded: {String(charts.error ?? table.error)}
        </p>
      </Show>
      <div class="charts">
        <BarChart title="Sales by day" bars={dayBars(chartData()?.day)} format={m} />
        <BarChart title="Sales by category" bars={bars(chartData()?.category)} format={m} />
        <BarChart title="Sales by payment method" bars={bars(chartData()?.method)} format={m} />
      </div>
      <div class="row">
        <label class="field">
          <span>Group by</span>
          <select value={group()} onChange={(e) => setGroup(e.currentTarget.value as SalesGroupBy)}>
            <For each={GROUPS}>{([value, label]) => <option value={value}>{label}</option>}</For>
          </select>
        </label>
        <span class="spacer" />
        <button type="button" class="btn" disabled={!range()} onClick={() => void download()}>
          Download CSV
        </button>
      </div>
      <p role="status" class="muted">
        {message()}
      </p>
      <div ref={el} class="admin-grid report-grid" />
    </div>
  );
}
