import { createResource, createSignal, For, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { ApiError, api } from '../api/client';
import { createFormState } from './form';
import { InlineField } from './InlineField';
import { bpToPercent, percentToBp } from './percent';

type Row = { id: string; name: string } & Record<string, unknown>;

/** One editable field of a row: how it reads as text, and how text becomes the API's value. */
export interface Column {
  field: string;
  /** Its label, e.g. "Rate (%)". */
  label: string;
  text(row: Row): string;
  /** The API's value, or why the text is not one (in words). */
  parse(text: string): { value: unknown } | { error: string };
  inputMode?: 'decimal' | 'numeric' | 'text';
  /** The value a new row starts with, as text. */
  initial: string;
}

/**
 * A short catalog list (categories, tax rates) as cards that fit a phone: every field edited in
 * place (Enter or leaving saves), an add form above, delete with the refusal in words.
 */
export function InlineList(props: {
  title: string;
  /** Singular, for the buttons: "category". */
  noun: string;
  path: string;
  columns: Column[];
  intro?: string;
}) {
  const [message, setMessage] = createSignal<string | null>(null);
  const [rows, setRows] = createStore<Row[]>([]);
  // Reconciled by id: a saved row keeps its fields (and the focus of the one being typed in).
  const reload = async () => {
    const page = await api<{ data: Row[] }>('GET', `${props.path}?limit=500`);
    setRows(reconcile(page.data, { key: 'id' }));
  };
  const [loaded] = createResource(async () => {
    await reload();
    return true;
  });

  const form = createFormState(props.noun.replace(/\W/g, '-'));
  const [draft, setDraft] = createSignal<Record<string, string>>(
    Object.fromEntries(props.columns.map((c) => [c.field, c.initial])),
  );
  const add = async (e: Event) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const body: Record<string, unknown> = {};
    for (const c of props.columns) {
      const r = c.parse((draft()[c.field] ?? '').trim());
      if ('error' in r) errs[c.field] = r.error;
      else body[c.field] = r.value;
    }
    await form.submit(errs, async () => {
      const made = await api<Row>('POST', props.path, body);
      setMessage(`Added ${made.name}.`);
      setDraft(Object.fromEntries(props.columns.map((c) => [c.field, c.initial])));
      await reload();
    });
  };

  const save = async (row: Row, c: Column, text: string) => {
    const r = c.parse(text);
    if ('error' in r) throw new Error(r.error);
    const saved = await api<Row>('PATCH', `${props.path}/${row.id}`, { [c.field]: r.value });
    setRows((x) => x.id === row.id, reconcile(saved));
    setMessage(`Saved ${saved.name}.`);
  };

  const remove = async (row: Row) => {
    try {
      await api('DELETE', `${props.path}/${row.id}`);
      setMessage(`Deleted ${row.name}.`);
      await reload();
    } catch (e) {
      setMessage(
        e instanceof ApiError && e.status === 409
          ? `${row.name} is still used by products: give them another ${props.noun} first.`
          : e instanceof ApiError
            ? e.message
            : String(e),
      );
    }
  };

  return (
    <div>
      <h1>{props.title}</h1>
      <Show when={props.intro}>
        <p class="muted">{props.intro}</p>
      </Show>
      <form class="card form-grid" aria-label={`Add a ${props.noun}`} onSubmit={(e) => void add(e)}>
        {form.formError()}
        <For each={props.columns}>
          {(c) => (
            <label class="field">
              <span>
                New {props.noun}: {c.label.toLowerCase()}
              </span>
              <input
                inputMode={c.inputMode ?? 'text'}
                value={draft()[c.field] ?? ''}
                {...form.invalid(c.field)}
                onInput={(e) => setDraft({ ...draft(), [c.field]: e.currentTarget.value })}
              />
              {form.error(c.field)}
            </label>
          )}
        </For>
        <div class="field add-action">
          <button type="submit" class="btn primary" disabled={form.saving()}>
            Add {props.noun}
          </button>
        </div>
      </form>
      <p role="status" class="muted">
        {message()}
      </p>
      <Show when={loaded()}>
        <ul class="admin-list inline-list" aria-label={props.title}>
          <For each={rows}>
            {(row) => (
              <li aria-label={row.name}>
                <For each={props.columns}>
                  {(c) => (
                    <div class="field">
                      <span aria-hidden="true">{c.label}</span>
                      <InlineField
                        label={`${c.label} of ${row.name}`}
                        field={c.field}
                        value={c.text(row)}
                        inputMode={c.inputMode}
                        check={(t) => {
                          const r = c.parse(t);
                          return 'error' in r ? r.error : null;
                        }}
                        save={(t) => save(row, c, t)}
                      />
                    </div>
                  )}
                </For>
                <button type="button" class="btn" onClick={() => void remove(row)}>
                  Delete {row.name}
                </button>
              </li>
            )}
          </For>
        </ul>
        <Show when={rows.length === 0}>
          <p>None yet.</p>
        </Show>
      </Show>
    </div>
  );
}

/** Whole numbers for positions: lower comes first. */
export const positionColumn: Column = {
  field: 'position',
  label: 'Position',
  text: (r) => String(r.position ?? 0),
  parse: (t) =>
    /^-?\d{1,9}$/.test(t) ? { value: Number(t) } : { error: 'A whole number, like 1 or 20.' },
  inputMode: 'numeric',
  initial: '0',
};

/** A name the API accepts (1 to 120 characters). */
export const nameColumn = (what: string): Column => ({
  field: 'name',
  label: 'Name',
  text: (r) => r.name,
  parse: (t) =>
    !t
      ? { error: `Give the ${what} a name.` }
      : t.length > 120
        ? { error: 'At most 120 characters.' }
        : { value: t },
  initial: '',
});

/** Percent in words and figures ("19", "7.5"), basis points on the wire (1900, 750). */
export const rateColumn: Column = {
  field: 'rate_bp',
  label: 'Rate (%)',
  text: (r) => bpToPercent(Number(r.rate_bp ?? 0)),
  parse: (t) => {
    const bp = percentToBp(t);
    return bp === null ? { error: 'A percentage from 0 to 100, like 19 or 7.5.' } : { value: bp };
  },
  inputMode: 'decimal',
  initial: '',
};
