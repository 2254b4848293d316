import { createResource, createSignal, For, Show } from 'solid-js';
import { CURRENCIES } from '../../../worker/src/tenants/currencies';
import { ApiError, api } from '../api/client';
import type { TaxRate, Tenant } from '../api/types';
import { useStaff } from '../staff/context';
import { createFormState } from './form';
import { refreshOnboarding } from './Onboarding';
import { percentToBp } from './percent';

/**
 * The onboarding step "currency and tax": the currency, whether prices include tax, and the rate
 * a new product starts with (a first rate can be added right here), confirmed in one PATCH.
 */
function CurrencyAndTax(props: { tenant: Tenant; canWrite: boolean; onSaved(t: Tenant): void }) {
  const [rates, { refetch }] = createResource(
    async () => (await api<{ data: TaxRate[] }>('GET', '/tax-rates?limit=500')).data,
  );
  const [currency, setCurrency] = createSignal(props.tenant.currency);
  const [inclusive, setInclusive] = createSignal(props.tenant.tax_inclusive);
  const [rateId, setRateId] = createSignal(props.tenant.default_tax_rate_id ?? '');
  const [newName, setNewName] = createSignal('');
  const [newPercent, setNewPercent] = createSignal('');
  const [done, setDone] = createSignal<string | null>(null);
  const form = createFormState('tax');
  // With no rates yet, the first one is added here; else one is chosen.
  const adding = () => (rates() ?? []).length === 0;

  const confirm = async (e: Event) => {
    e.preventDefault();
    setDone(null);
    const errs: Record<string, string> = {};
    let percent: number | null = null;
    if (adding()) {
      if (!newName().trim()) errs.new_name = 'Name the rate, like “Standard”.';
      percent = percentToBp(newPercent());
      if (percent === null) errs.new_percent = 'A percentage from 0 to 100, like 19 or 7.5.';
    } else if (!rateId()) {
      errs.default_tax_rate_id = 'Choose the rate most of your products use.';
    }
    await form.submit(errs, async () => {
      let id = rateId();
      if (adding()) {
        const made = await api<TaxRate>('POST', '/tax-rates', {
          name: newName().trim(),
          rate_bp: percent,
        });
        id = made.id;
        setRateId(id);
        await refetch();
      }
      const saved = await api<Tenant>('PATCH', '/tenant', {
        currency: currency(),
        tax_inclusive: inclusive(),
        default_tax_rate_id: id,
        tax_confirmed: true,
      });
      props.onSaved(saved);
      setDone('Currency and tax confirmed. New products start with this rate.');
      refreshOnboarding();
    });
  };

  return (
    <form class="card" aria-label="Currency and tax" onSubmit={(e) => void confirm(e)}>
      <h2>Currency and tax</h2>
      <Show
        when={props.tenant.tax_confirmed}
        fallback={<p class="muted">Check these before the first sale, then confirm.</p>}
      >
        <p class="muted">Confirmed. Change them here at any time.</p>
      </Show>
      <fieldset class="plain" disabled={!props.canWrite}>
        <legend class="sr-only">Currency and tax</legend>
        {form.formError()}
        <div class="form-grid">
          <label class="field">
            <span>Currency</span>
            <select value={currency()} onChange={(e) => setCurrency(e.currentTarget.value)}>
              <For each={CURRENCIES}>{(c) => <option value={c}>{c}</option>}</For>
            </select>
            {form.error('currency')}
          </label>
          <Show
            when={!adding()}
            fallback={
              <>
                <label class="field">
                  <span>First tax rate: name</span>
                  <input
                    value={newName()}
                    placeholder="Standard"
                    {...form.invalid('new_name')}
                    onInput={(e) => setNewName(e.currentTarget.value)}
                  />
                  {form.error('new_name')}
                </label>
                <label class="field">
                  <span>First tax rate: percent</span>
                  <input
                    inputMode="decimal"
                    value={newPercent()}
                    placeholder="19"
                    {...form.invalid('new_percent')}
                    onInput={(e) => setNewPercent(e.currentTarget.value)}
                  />
                  {form.error('new_percent')}
                </label>
              </>
            }
          >
            <label class="field">
              <span>Default tax rate for new products</span>
              <select
                value={rateId()}
                {...form.invalid('default_tax_rate_id')}
                onChange={(e) => setRateId(e.currentTarget.value)}
              >
                <option value="">Choose…</option>
                <For each={rates()}>
                  {(r) => (
                    // selected on the option: the rates arrive after the select's value was set.
                    <option value={r.id} selected={r.id === rateId()}>
                      {r.name} ({r.rate_bp / 100} %)
                    </option>
                  )}
                </For>
              </select>
              {form.error('default_tax_rate_id')}
            </label>
          </Show>
        </div>
        <Show when={currency() !== props.tenant.currency}>
          <p class="warning-box">
            Prices are not converted: a price of 3.50 stays 3.50 in the new currency.
          </p>
        </Show>
        <fieldset class="plain">
          <legend class="field-legend">Prices on the menu and the POS</legend>
          <label class="choice">
            <input
              type="radio"
              name="price-mode"
              checked={inclusive()}
              onChange={() => setInclusive(true)}
            />
            Include tax (the guest pays the price shown)
          </label>
          <label class="choice">
            <input
              type="radio"
              name="price-mode"
              checked={!inclusive()}
              onChange={() => setInclusive(false)}
            />
            Exclude tax (tax is added to the price at the till)
          </label>
        </fieldset>
        {/* Phones: stays at the foot of the screen while the form is, with what it answered. */}
        <div class="form-foot">
          <button type="submit" class="btn primary" disabled={form.saving()}>
            Confirm currency and tax
          </button>
          <p role="status">{done()}</p>
        </div>
      </fieldset>
    </form>
  );
}

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
        qr_ordering: f.get('qr_ordering') === 'on',
      });
      mutate(updated);
      staff.tenantSaved(updated);
      setMessage('Settings saved.');
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : String(err));
    }
  };

  return (
    <Show when={tenant()}>
      {(t) => (
        <div class="settings">
          <h1>Settings</h1>
          <CurrencyAndTax
            tenant={t()}
            canWrite={canWrite}
            onSaved={(saved) => {
              mutate(saved);
              // Every screen formats with the new currency and price mode from now on.
              staff.tenantSaved(saved);
            }}
          />
          <form class="card" aria-label="Business details" onSubmit={(e) => void save(e)}>
            <h2>Business details</h2>
            <fieldset class="plain" disabled={!canWrite}>
              <legend class="sr-only">Business details</legend>
              <div class="form-grid">
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
              </div>
              <label class="choice">
                <input name="qr_ordering" type="checkbox" checked={t().qr_ordering ?? true} />
                Guests may order by QR code
              </label>
              <div class="form-foot">
                <button type="submit" class="btn primary">
                  Save settings
                </button>
                <p role="status">{message()}</p>
              </div>
            </fieldset>
          </form>
        </div>
      )}
    </Show>
  );
}
