import { createResource, createSignal, For, onCleanup } from 'solid-js';
import { ApiError, api } from '../api/client';
import type { Table } from '../api/types';

/** The tables and a printable sheet of their QR codes (the server draws each code). */
export function Tables() {
  const urls: string[] = [];
  const [name, setName] = createSignal('');
  const [message, setMessage] = createSignal<string | null>(null);
  const [tables, { refetch }] = createResource(async () => {
    const page = await api<{ data: Table[] }>('GET', '/tables?limit=500');
    return Promise.all(
      page.data.map(async (t) => {
        const res = await api<Response>('GET', `/tables/${t.id}/qr.svg`, undefined, {
          response: true,
        });
        const url = URL.createObjectURL(await res.blob());
        urls.push(url);
        return { ...t, svg: url };
      }),
    );
  });
  onCleanup(() => {
    for (const u of urls) URL.revokeObjectURL(u);
  });

  const add = async (e: SubmitEvent) => {
    e.preventDefault();
    try {
      await api('POST', '/tables', { name: name().trim() });
      setName('');
      await refetch();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : String(err));
    }
  };

  return (
    <div>
      <div class="row no-print">
        <h1>Tables</h1>
        <span class="spacer" />
        <button type="button" class="btn primary" onClick={() => window.print()}>
          Print QR sheet
        </button>
      </div>
      <form class="row no-print" onSubmit={(e) => void add(e)}>
        <label class="field">
          <span>Table name</span>
          <input
            value={name()}
            required
            maxLength={60}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="btn">
          Add table
        </button>
      </form>
      <p role="status" class="muted no-print">
        {message()}
      </p>
      <div class="qr-sheet">
        <For each={tables()}>
          {(t) => (
            <figure>
              <img src={t.svg} alt={`QR code for table ${t.name}`} />
              <figcaption>
                <strong>{t.name}</strong>
                <br />
                Scan to order
              </figcaption>
            </figure>
          )}
        </For>
      </div>
    </div>
  );
}
