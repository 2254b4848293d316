import { createResource, createSignal, Show } from 'solid-js';
import { ApiError, api } from '../api/client';
import type { Tenant } from '../api/types';
import { useStaff } from '../staff/context';

/** Tenant settings (owners write; managers read). */
export function Settings() {
  const staff = useStaff();
  const canWrite = staff.session.me.user.role === 'owner';
  const [tenant, { mutate }] = createResource(() => api<Tenant>('GET', '/tenant'));
  const [message, setMessage] = createSignal<string | null>(null);

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const text = (k: string) => {
      const v = String(f.get(k) ?? '').trim();
      return v === '' ? null : v;
    };
    try {
      const updated = await api<Tenant>('PATCH', '/tenant', {
        name: String(f.get('name') ?? '').trim(),
        address: text('address'),
        tax_id: text('tax_id'),
        timezone: String(f.get('timezone') ?? '').trim(),
        cash_rounding: Number(f.get('cash_rounding')),
        tax_inclusive: f.get('tax_inclusive') === 'on',
        qr_ordering: f.get('qr_ordering') === 'on',
      });
      mutate(updated);
      setMessage('Settings saved.');
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : String(err));
    }
  };

  return (
    <Show when={tenant()}>
      {(t) => (
        <form class="card" onSubmit={(e) => void save(e)}>
          <h1>Settings</h1>
          <fieldset class="plain" disabled={!canWrite}>
            <legend class="sr-only">Tenant settings</legend>
            <label class="field">
              <span>Name</span>
              <input name="name" value={t().name} required />
            </label>
            <label class="field">
              <span>Address</span>
              <input name="address" value={t().address ?? ''} />
            </label>
            <label class="field">
              <span>Tax id</span>
              <input name="tax_id" value={t().tax_id ?? ''} />
            </label>
            <label class="field">
              <span>Time zone</span>
              <input name="timezone" value={t().timezone} />
            </label>
            <label class="field">
              <span>Cash rounding (smallest coin, minor units)</span>
              <input name="cash_rounding" type="number" min="1" value={t().cash_rounding} />
            </label>
            <label class="choice">
              <input name="tax_inclusive" type="checkbox" checked={t().tax_inclusive} />
              Prices include tax
            </label>
            <label class="choice">
              <input name="qr_ordering" type="checkbox" checked={t().qr_ordering ?? true} />
              Guests may order by QR code
            </label>
            <button type="submit" class="btn primary">
              Save settings
            </button>
          </fieldset>
          <p role="status">{message()}</p>
        </form>
      )}
    </Show>
  );
}
