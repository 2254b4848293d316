import { createSignal, For, Show } from 'solid-js';
import { ApiError, api } from '../api/client';

/** The answer of POST /catalog/import (dry run or not), or its 422 problem. */
export interface ImportReport {
  dry_run: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  categories_created: string[];
  tax_rates_created: string[];
  errors: { row: number; column: string | null; message: string }[];
  warnings: string[];
}

/**
 * The menu as a spreadsheet: download it, or upload one, check it first (a dry run that lists
 * every bad row), then import it whole. Nothing changes until "Import" succeeds.
 */
export function ImportExport() {
  const [file, setFile] = createSignal<File | null>(null);
  const [report, setReport] = createSignal<ImportReport | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<string | null>(null);
  const [done, setDone] = createSignal<ImportReport | null>(null);

  const send = async (dryRun: boolean): Promise<ImportReport | null> => {
    const f = file();
    if (!f) return null;
    setBusy(true);
    setMessage(null);
    try {
      return await api<ImportReport>(
        'POST',
        `/catalog/import${dryRun ? '?dry_run=true' : ''}`,
        undefined,
        { raw: await f.arrayBuffer(), headers: { 'content-type': 'text/csv' } },
      );
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        // A refused import is a problem+json whose errors name `rows.ROW.COLUMN`.
        const errors = (
          (e.body as { errors?: { path: string; message: string }[] }).errors ?? []
        ).map((x) => {
          const [, row, column] = /^rows\.(\d+)(?:\.(\w+))?/.exec(x.path) ?? [];
          return { row: Number(row), column: column ?? null, message: x.message };
        });
        return {
          dry_run: false,
          rows: 0,
          created: 0,
          updated: 0,
          unchanged: 0,
          categories_created: [],
          tax_rates_created: [],
          errors,
          warnings: [],
        };
      }
      setMessage(e instanceof Error ? e.message : String(e));
      return null;
    } finally {
      setBusy(false);
    }
  };

  const check = async () => {
    setDone(null);
    setReport(await send(true));
  };
  const apply = async () => {
    const r = await send(false);
    if (!r) return;
    if (r.errors.length) setReport(r);
    else {
      setDone(r);
      setReport(null);
      setFile(null);
    }
  };

  const download = async () => {
    try {
      const res = await api<Response>('GET', '/catalog/export', undefined, { response: true });
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = 'menu.csv';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  const errorRows = () => new Set(report()?.errors.map((e) => e.row)).size;

  return (
    <div class="import-export">
      <h1>Import and export the menu</h1>
      <div class="card">
        <h2>Export</h2>
        <p class="muted">
          Every product as a spreadsheet (CSV UTF-8). Edit it in Excel, Numbers or Google Sheets and
          import it back: rows are matched by SKU, else by name within their category.
        </p>
        <button type="button" class="btn" onClick={() => void download()}>
          Download menu CSV
        </button>
      </div>
      <div class="card">
        <h2>Import</h2>
        <p class="muted">
          Columns: name, category, price (like 3.40) and optionally rate (tax in %), sku, barcode,
          available, allergens, labels, modifier_groups, description. Comma- or semicolon-separated
          files both work.
        </p>
        <label class="field">
          <span>Menu file (CSV)</span>
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setReport(null);
              setDone(null);
            }}
          />
        </label>
        <div class="row">
          <button
            type="button"
            class="btn"
            disabled={!file() || busy()}
            onClick={() => void check()}
          >
            Check file
          </button>
          <button
            type="button"
            class="btn primary"
            disabled={!report() || (report()?.errors.length ?? 1) > 0 || busy()}
            onClick={() => void apply()}
          >
            Import
          </button>
        </div>
        <p role="status" class="muted">
          {message()}
        </p>
        <Show when={done()}>
          {(r) => (
            <p class="success" role="status">
              Imported {r().rows} rows: {r().created} new, {r().updated} updated, {r().unchanged}{' '}
              unchanged.
            </p>
          )}
        </Show>
        <Show when={report()}>
          {(r) => (
            <section aria-label="Import preview" class="import-preview">
              <Show
                when={r().errors.length === 0}
                fallback={
                  <p class="error">
                    {errorRows()} {errorRows() === 1 ? 'row needs' : 'rows need'} fixing; nothing
                    was imported. Fix them in the file, then choose it again and check.
                  </p>
                }
              >
                <p class="success">
                  Ready: {r().rows} rows, {r().created} new, {r().updated} updated, {r().unchanged}{' '}
                  unchanged.
                </p>
              </Show>
              <Show when={r().categories_created.length}>
                <p>New categories: {r().categories_created.join(', ')}</p>
              </Show>
              <Show when={r().tax_rates_created.length}>
                <p>New tax rates: {r().tax_rates_created.join(', ')}</p>
              </Show>
              <For each={r().warnings}>{(w) => <p class="muted">{w}</p>}</For>
              <Show when={r().errors.length}>
                <ul class="import-errors" aria-label="Rows with errors">
                  <For each={r().errors}>
                    {(e) => (
                      <li>
                        <strong>Row {e.row}</strong>
                        {e.column ? <span class="pill">{e.column}</span> : null} {e.message}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </section>
          )}
        </Show>
      </div>
    </div>
  );
}
