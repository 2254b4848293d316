import { createResource, createSignal, For, Show } from 'solid-js';
import { ApiError, api } from '../api/client';

interface Station {
  id: string;
  name: string;
  position: number;
  category_ids: string[];
  printer: { host: string; port: number } | null;
}
interface Category {
  id: string;
  name: string;
}
interface PrintJob {
  id: string;
  kind: string;
  station_id: string | null;
  status: string;
  attempts: number;
  error: string | null;
}

/**
 * Kitchen stations: which categories each makes, its ticket printer (with a test page), the
 * display's age thresholds, print jobs that failed, and print bridge tokens for printing at the edge.
 */
export function Stations() {
  const [message, setMessage] = createSignal<string | null>(null);
  const [stations, { refetch }] = createResource(async () => {
    const [s, c] = await Promise.all([
      api<{ data: Station[] }>('GET', '/stations'),
      api<{ data: Category[] }>('GET', '/categories?limit=500'),
    ]);
    return { stations: s.data, categories: c.data };
  });
  const [jobs, { refetch: refetchJobs }] = createResource(async () => {
    const [queued, failed] = await Promise.all([
      api<{ data: PrintJob[] }>('GET', '/print-jobs?status=queued&limit=50'),
      api<{ data: PrintJob[] }>('GET', '/print-jobs?status=failed&limit=50'),
    ]);
    return [...failed.data, ...queued.data.filter((j) => j.attempts > 0)];
  });
  const [settings, { refetch: refetchSettings }] = createResource(() =>
    api<{ amber_minutes: number; red_minutes: number }>('GET', '/kitchen/settings'),
  );
  const [bridgeToken, setBridgeToken] = createSignal<string | null>(null);

  const run = async (what: () => Promise<unknown>, done?: string) => {
    setMessage(null);
    try {
      await what();
      if (done) setMessage(done);
      await Promise.all([refetch(), refetchJobs()]);
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : String(err));
    }
  };

  const save = (e: SubmitEvent, station?: Station) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const host = String(form.get('host') ?? '').trim();
    const port = Number(form.get('port') || 9100);
    const body = {
      name: String(form.get('name') ?? '').trim(),
      category_ids: form.getAll('category').map(String),
      printer: host ? { host, port } : null,
    };
    void run(
      () =>
        station
          ? api('PATCH', `/stations/${station.id}`, body)
          : api('POST', '/stations', { ...body, position: stations()?.stations.length ?? 0 }),
      station ? `Saved ${body.name}.` : `Added ${body.name}.`,
    );
    if (!station) (e.currentTarget as HTMLFormElement).reset();
  };

  const stationForm = (s?: Station) => (
    <form class="station-form" onSubmit={(e) => save(e, s)} aria-label={s ? s.name : 'New station'}>
      <label class="field">
        <span>Station name</span>
        <input name="name" required maxLength={60} value={s?.name ?? ''} />
      </label>
      <fieldset class="categories">
        <legend>Makes these categories</legend>
        <For each={stations()?.categories ?? []}>
          {(c) => (
            <label class="check">
              <input
                type="checkbox"
                name="category"
                value={c.id}
                checked={s?.category_ids.includes(c.id) ?? false}
              />
              {c.name}
            </label>
          )}
        </For>
      </fieldset>
      <div class="row">
        <label class="field">
          <span>Printer address</span>
          <input
            name="host"
            maxLength={253}
            placeholder="192.168.1.50"
            value={s?.printer?.host ?? ''}
          />
        </label>
        <label class="field port">
          <span>Port</span>
          <input name="port" type="number" min={1} max={65535} value={s?.printer?.port ?? 9100} />
        </label>
      </div>
      <div class="row">
        <button type="submit" class="btn primary">
          {s ? `Save ${s.name}` : 'Add station'}
        </button>
        <Show when={s?.printer}>
          <button
            type="button"
            class="btn"
            onClick={() =>
              void run(() => api('POST', `/stations/${s!.id}/test-print`), 'Test page sent.')
            }
          >
            Print test page on {s!.name}
          </button>
        </Show>
        <Show when={s}>
          <button
            type="button"
            class="btn danger"
            onClick={() =>
              void run(() => api('DELETE', `/stations/${s!.id}`), `Deleted ${s!.name}.`)
            }
          >
            Delete {s!.name}
          </button>
        </Show>
      </div>
    </form>
  );

  return (
    <div class="stations">
      <h1>Stations</h1>
      <p class="muted">
        Lines go to the station that makes their category; anything else goes to the first station.
      </p>
      <Show when={message()}>
        <p role="status">{message()}</p>
      </Show>
      <For each={stations()?.stations ?? []}>{(s) => stationForm(s)}</For>
      <h2>New station</h2>
      {stationForm()}

      <h2>Display ageing</h2>
      <Show when={settings()}>
        {(cur) => (
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              void run(async () => {
                await api('PATCH', '/kitchen/settings', {
                  amber_minutes: Number(f.get('amber')),
                  red_minutes: Number(f.get('red')),
                });
                await refetchSettings();
              }, 'Saved the ageing thresholds.');
            }}
          >
            <label class="field port">
              <span>Amber after (minutes)</span>
              <input name="amber" type="number" min={1} max={240} value={cur().amber_minutes} />
            </label>
            <label class="field port">
              <span>Red after (minutes)</span>
              <input name="red" type="number" min={1} max={240} value={cur().red_minutes} />
            </label>
            <button type="submit" class="btn">
              Save thresholds
            </button>
          </form>
        )}
      </Show>

      <h2>Print jobs that failed</h2>
      <Show when={jobs()?.length} fallback={<p class="muted">Every printer is printing.</p>}>
        <ul class="jobs">
          <For each={jobs()}>
            {(j) => (
              <li>
                <span>
                  {j.kind} · {stations()?.stations.find((s) => s.id === j.station_id)?.name ?? '—'}{' '}
                  · {j.status} after {j.attempts} tries{j.error ? `: ${j.error}` : ''}
                </span>
                <button
                  type="button"
                  class="btn"
                  onClick={() =>
                    void run(() => api('POST', `/print-jobs/${j.id}/retry`), 'Queued again.')
                  }
                >
                  Retry job
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>

      <h2>Print bridge</h2>
      <p class="muted">
        When the server cannot reach the café's printers, run <code>npm run print-bridge</code> on a
        machine in the café with a bridge token. The token only prints; it is shown once.
      </p>
      <button
        type="button"
        class="btn"
        onClick={() =>
          void run(async () => {
            const b = await api<{ token: string }>('POST', '/print-bridges', {
              name: 'Print bridge',
            });
            setBridgeToken(b.token);
          })
        }
      >
        Create print bridge token
      </button>
      <Show when={bridgeToken()}>
        <p>
          PRINT_BRIDGE_TOKEN=<code class="token">{bridgeToken()}</code>
        </p>
      </Show>
    </div>
  );
}
