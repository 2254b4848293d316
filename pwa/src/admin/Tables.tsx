import {
  createEffect,
  createResource,
  createSignal,
  For,
  type JSX,
  onCleanup,
  Show,
  untrack,
} from 'solid-js';
import { ApiError, api } from '../api/client';
import type { Page, Table } from '../api/types';
import { Dialog } from '../components/Dialog';
import { createFormState } from './form';

/** Every table, page by page (a big floor has more than one page of 500). */
async function allTables(): Promise<Table[]> {
  const out: Table[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: Page<Table> = await api<Page<Table>>('GET', `/tables?limit=500${q}`);
    out.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

/** Name, seats and area of one table; `table` null adds a new one. */
function TableEditor(props: {
  table: Table | null;
  areas: string[];
  onClose(): void;
  onSaved(t: Table): void;
}) {
  const t = props.table;
  const [name, setName] = createSignal(t?.name ?? '');
  const [seats, setSeats] = createSignal(t?.seats != null ? String(t.seats) : '');
  const [area, setArea] = createSignal(t?.area ?? '');
  const form = createFormState('table', {
    'name-taken': ['name', 'Another table already has this name. Choose another one.'],
  });

  const save = async (e?: Event) => {
    e?.preventDefault();
    const errs: Record<string, string> = {};
    const n = name().trim();
    if (!n) errs.name = 'Give the table a name.';
    else if (n.length > 40) errs.name = 'A table name has at most 40 characters.';
    const s = seats().trim();
    const seatCount = s === '' ? null : Number(s);
    if (seatCount !== null && !(Number.isInteger(seatCount) && seatCount >= 1 && seatCount <= 999))
      errs.seats = 'Seats is a whole number from 1 to 999, or empty.';
    if (area().trim().length > 60) errs.area = 'An area name has at most 60 characters.';
    const body = { name: n, seats: seatCount, area: area().trim() || null };
    await form.submit(errs, async () => {
      props.onSaved(
        t
          ? await api<Table>('PATCH', `/tables/${t.id}`, body)
          : await api<Table>('POST', '/tables', body),
      );
    });
  };

  const err = form.error;

  return (
    <Dialog
      title={t ? `Edit table ${t.name}` : 'New table'}
      onClose={props.onClose}
      footer={
        <div class="row">
          <button type="button" class="btn" onClick={props.onClose}>
            Cancel
          </button>
          <span class="spacer" />
          {/* A submit button of the form (outside it, by id): Enter in a field saves too. */}
          <button type="submit" form="table-form" class="btn primary" disabled={form.saving()}>
            Save table
          </button>
        </div>
      }
    >
      <form id="table-form" onSubmit={(e) => void save(e)}>
        {form.formError()}
        <div class="form-grid">
          <label class="field">
            <span>Name</span>
            <input
              value={name()}
              maxLength={40}
              {...form.invalid('name')}
              onInput={(e) => setName(e.currentTarget.value)}
            />
            {err('name')}
          </label>
          <label class="field">
            <span>Seats (optional)</span>
            <input
              inputMode="numeric"
              value={seats()}
              {...form.invalid('seats')}
              onInput={(e) => setSeats(e.currentTarget.value)}
            />
            {err('seats')}
          </label>
          <label class="field">
            <span>Area (optional)</span>
            <input
              value={area()}
              maxLength={60}
              list="table-areas"
              placeholder="e.g. Terrace"
              {...form.invalid('area')}
              onInput={(e) => setArea(e.currentTarget.value)}
            />
            {err('area')}
          </label>
        </div>
        <datalist id="table-areas">
          <For each={props.areas}>{(a) => <option value={a} />}</For>
        </datalist>
      </form>
    </Dialog>
  );
}

/** A question with its consequence in words, and the action named on its button. */
function Confirm(props: {
  title: string;
  action: string;
  onConfirm(): Promise<void>;
  onClose(): void;
  children: JSX.Element;
}) {
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      footer={
        <div class="row">
          <button type="button" class="btn" onClick={props.onClose}>
            Cancel
          </button>
          <span class="spacer" />
          <button type="button" class="btn danger" disabled={busy()} onClick={() => void go()}>
            {props.action}
          </button>
        </div>
      }
    >
      {props.children}
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </Dialog>
  );
}

/**
 * Tables as cards (one column on phones): add, edit name, seats and area, replace a QR code,
 * delete; and a sheet of every table's QR code for the browser's print (the server draws each
 * code, so the sheet always carries the current token).
 */
export function Tables() {
  const [message, setMessage] = createSignal<string | null>(null);
  const [tables, { refetch }] = createResource(allTables);
  const [editing, setEditing] = createSignal<Table | null | undefined>(undefined);
  const [rotating, setRotating] = createSignal<Table | null>(null);
  const [deleting, setDeleting] = createSignal<Table | null>(null);

  // One object URL per QR token: a rotated table fetches its new code, the others keep theirs.
  const [codes, setCodes] = createSignal<Record<string, string>>({});
  onCleanup(() => {
    for (const u of Object.values(codes())) URL.revokeObjectURL(u);
  });
  const loading = new Set<string>();
  createEffect(() => {
    const list = tables();
    if (!list) return;
    // Untracked: this effect writes the codes, and must rerun only when the tables change.
    const have = untrack(codes);
    const keep = new Set(list.map((t) => t.qr_token));
    const next: Record<string, string> = {};
    for (const [token, url] of Object.entries(have)) {
      if (keep.has(token)) next[token] = url;
      else URL.revokeObjectURL(url);
    }
    setCodes(next);
    for (const t of list) {
      if (next[t.qr_token] || loading.has(t.qr_token)) continue;
      loading.add(t.qr_token);
      void api<Response>('GET', `/tables/${t.id}/qr.svg`, undefined, { response: true })
        .then(async (res) => {
          const url = URL.createObjectURL(await res.blob());
          setCodes({ ...codes(), [t.qr_token]: url });
        })
        .catch(() => setMessage(`The QR code of ${t.name} did not load; reload the page.`))
        .finally(() => loading.delete(t.qr_token));
    }
  });

  const areas = () =>
    [...new Set((tables() ?? []).map((t) => t.area).filter((a): a is string => !!a))].sort();

  const print = async () => {
    // Print only once every code is drawn, or the sheet has blank squares.
    const imgs = [...document.querySelectorAll<HTMLImageElement>('.qr-sheet img')];
    const missing = (tables() ?? []).filter((t) => !codes()[t.qr_token]);
    if (missing.length) {
      setMessage('The QR codes are still loading; try again in a moment.');
      return;
    }
    await Promise.all(imgs.map((i) => i.decode().catch(() => undefined)));
    window.print();
  };

  return (
    <div class="tables-admin">
      <div class="row no-print">
        <h1>Tables</h1>
        <span class="spacer" />
        <button type="button" class="btn" onClick={() => void print()}>
          Print QR sheet
        </button>
        <button type="button" class="btn primary" onClick={() => setEditing(null)}>
          Add table
        </button>
      </div>
      <p role="status" class="muted no-print">
        {message()}
      </p>
      <Show when={tables()}>
        <p class="muted no-print">
          {tables()!.length === 1 ? '1 table' : `${tables()!.length} tables`}. Each has its own QR
          code: guests scan it to see the menu and order at that table.
        </p>
        <ul class="admin-list no-print" aria-label="Tables">
          <For each={tables()}>
            {(t) => (
              <li aria-label={t.name}>
                <Show when={codes()[t.qr_token]}>
                  <img
                    class="qr-thumb"
                    src={codes()[t.qr_token]}
                    alt={`QR code for table ${t.name}`}
                  />
                </Show>
                <div class="grow">
                  <strong>{t.name}</strong>
                  <div class="muted">
                    {t.area ?? 'No area'} ·{' '}
                    {t.seats == null
                      ? 'seats not set'
                      : t.seats === 1
                        ? '1 seat'
                        : `${t.seats} seats`}
                  </div>
                </div>
                <div class="table-actions">
                  <button type="button" class="btn" onClick={() => setEditing(t)}>
                    Edit {t.name}
                  </button>
                  <button type="button" class="btn" onClick={() => setRotating(t)}>
                    New QR code for {t.name}
                  </button>
                  <button type="button" class="btn" onClick={() => setDeleting(t)}>
                    Delete {t.name}
                  </button>
                </div>
              </li>
            )}
          </For>
        </ul>
        <Show when={tables()!.length === 0}>
          <p class="no-print">No tables yet. Add one to print its QR code.</p>
        </Show>
      </Show>

      {/* Only the print shows this: one labelled code per table. */}
      <section class="qr-sheet" aria-label="QR sheet">
        <For each={tables()}>
          {(t) => (
            <figure>
              <Show when={codes()[t.qr_token]}>
                <img src={codes()[t.qr_token]} alt={`QR code for table ${t.name}`} />
              </Show>
              <figcaption>
                <strong>{t.name}</strong>
                <br />
                Scan to see the menu and order
              </figcaption>
            </figure>
          )}
        </For>
      </section>

      <Show when={editing() !== undefined}>
        <TableEditor
          table={editing() ?? null}
          areas={areas()}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            setEditing(undefined);
            setMessage(`Saved table ${saved.name}.`);
            void refetch();
          }}
        />
      </Show>
      <Show when={rotating()}>
        {(t) => (
          <Confirm
            title={`New QR code for ${t().name}`}
            action="Replace the QR code"
            onClose={() => setRotating(null)}
            onConfirm={async () => {
              const table = t();
              await api('POST', `/tables/${table.id}/rotate-qr`);
              setRotating(null);
              setMessage(`${table.name} has a new QR code. Print it and put it on the table.`);
              await refetch();
            }}
          >
            <p class="warning-box" role="alert">
              The QR code printed for {t().name} stops working at once: guests who scan it will see
              “table not found”.
            </p>
            <p>
              Print the new code from “Print QR sheet” and replace the old one on the table. Use
              this when a code was copied or photographed and orders arrive that nobody placed.
            </p>
          </Confirm>
        )}
      </Show>
      <Show when={deleting()}>
        {(t) => (
          <Confirm
            title={`Delete table ${t().name}?`}
            action={`Delete ${t().name}`}
            onClose={() => setDeleting(null)}
            onConfirm={async () => {
              const table = t();
              await api('DELETE', `/tables/${table.id}`);
              setDeleting(null);
              setMessage(`Deleted table ${table.name}.`);
              await refetch();
            }}
          >
            <p>
              {t().name} leaves the table list and the floor plan, and its printed QR code stops
              working at once. Orders already taken at {t().name} keep it on their receipts.
            </p>
          </Confirm>
        )}
      </Show>
    </div>
  );
}
