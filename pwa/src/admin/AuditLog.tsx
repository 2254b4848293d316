import { createResource, createSignal, For, Show } from 'solid-js';
import { toCsv } from '../../../worker/src/reports/csv';
import { ApiError, api } from '../api/client';
import type { AuditEntry, Page, User } from '../api/types';
import { useStaff } from '../staff/context';
import { AUDIT_ACTIONS, actionWords, detailWords } from './audit-words';

/** Start of a local calendar day as an instant (the date inputs speak the device's time). */
const dayStart = (date: string, plusDays = 0) => {
  const d = new Date(`${date}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
};

/**
 * Who did what and when: voids, refunds, discounts, price and role changes, sign-ins. Filter by
 * person, action and days; export what the filter shows as CSV.
 */
export function AuditLog() {
  const staff = useStaff();
  const [actor, setActor] = createSignal('');
  const [action, setAction] = createSignal('');
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  const [entries, setEntries] = createSignal<AuditEntry[]>([]);
  const [next, setNext] = createSignal<string | null>(null);
  const [message, setMessage] = createSignal<string | null>(null);
  const [users] = createResource(
    async () => (await api<{ data: User[] }>('GET', '/users?limit=500')).data,
  );
  const who = (id: string | null) =>
    id ? (users()?.find((u) => u.id === id)?.name ?? 'Former staff') : 'System';

  const query = (cursor?: string) => {
    const q = new URLSearchParams({ limit: '100' });
    if (actor()) q.set('actor', actor());
    if (action()) q.set('action', action());
    if (from()) q.set('from', dayStart(from()));
    if (to()) q.set('to', dayStart(to(), 1));
    if (cursor) q.set('cursor', cursor);
    return `/audit?${q}`;
  };
  const load = async (more = false) => {
    setMessage(null);
    try {
      const page = await api<Page<AuditEntry>>(
        'GET',
        query(more ? (next() ?? undefined) : undefined),
      );
      setEntries(more ? [...entries(), ...page.data] : page.data);
      setNext(page.next_cursor);
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    }
  };
  void load();

  const exportCsv = () => {
    const csv = toCsv(
      ['at', 'person', 'action', 'object_type', 'object_id', 'detail'],
      entries().map((e) => [
        e.at,
        who(e.actor_id),
        actionWords(e.action),
        e.object_type,
        e.object_id,
        detailWords(e.action, e.detail, staff.currency()),
      ]),
    );
    const url = URL.createObjectURL(new Blob([`\uFEFF${csv}`], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'audit-log.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div>
      <h1>Audit log</h1>
      <form
        class="card admin-filters"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label class="field">
          <span>Person</span>
          <select value={actor()} onChange={(e) => setActor(e.currentTarget.value)}>
            <option value="">Everyone</option>
            <For each={users() ?? []}>{(u) => <option value={u.id}>{u.name}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>Action</span>
          <select value={action()} onChange={(e) => setAction(e.currentTarget.value)}>
            <option value="">All actions</option>
            <For each={Object.entries(AUDIT_ACTIONS)}>
              {([code, words]) => <option value={code}>{words}</option>}
            </For>
          </select>
        </label>
        <label class="field">
          <span>From day</span>
          <input type="date" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>To day</span>
          <input type="date" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit" class="btn primary">
          Show entries
        </button>
        <button type="button" class="btn" onClick={exportCsv} disabled={!entries().length}>
          Export CSV
        </button>
      </form>
      <p role="status" class="muted">
        {message()}
      </p>
      <Show when={entries().length} fallback={<p class="muted">No entries for this filter.</p>}>
        <ul class="admin-list" aria-label="Audit entries">
          <For each={entries()}>
            {(e) => (
              <li>
                <div class="grow">
                  <strong>{actionWords(e.action)}</strong>{' '}
                  <span class="muted">
                    by {who(e.actor_id)}, {new Date(e.at).toLocaleString()}
                  </span>
                  <div>{detailWords(e.action, e.detail, staff.currency())}</div>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={next()}>
        <button type="button" class="btn" onClick={() => void load(true)}>
          Show older entries
        </button>
      </Show>
    </div>
  );
}
