import { createEffect, createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { ApiError, api } from '../api/client';
import type { Category, ModifierGroup, Product, TaxRate, Tenant } from '../api/types';
import { exponent, parseMoney, toDecimalString } from '../lib/money';
import { useStaff } from '../staff/context';
import { InlineField } from './InlineField';
import { type EditorData, ProductEditor } from './ProductEditor';

/**
 * The tax rate a new product starts with: the tenant's default (set when the owner confirms
 * currency and tax), else the rate most products use, else the first.
 */
function usualRate(products: Product[], rates: TaxRate[], tenantDefault: string | null) {
  if (tenantDefault && rates.some((r) => r.id === tenantDefault)) return tenantDefault;
  const counts = new Map<string, number>();
  for (const p of products) counts.set(p.tax_rate_id, (counts.get(p.tax_rate_id) ?? 0) + 1);
  let best: string | null = null;
  for (const [id, n] of counts) if (!best || n > counts.get(best)!) best = id;
  return best ?? rates[0]?.id ?? null;
}

/**
 * Products as a grid on tablets and cards on phones: search, category chips, quick edits in place
 * (name, price, availability: Enter or leaving the field saves) and the full editor for everything
 * else; archived ones can be restored.
 */
export function Products() {
  const staff = useStaff();
  const [search, setSearch] = createSignal('');
  const [category, setCategory] = createSignal('');
  const [archived, setArchived] = createSignal(false);
  const [editing, setEditing] = createSignal<Partial<Product> | null | undefined>(undefined);
  const [message, setMessage] = createSignal<string | null>(null);

  // An object source: a bare `false` would keep the resource from loading at all.
  const [data, { refetch }] = createResource(
    () => ({ archived: archived() }),
    async (src) => {
      const showArchived = src.archived;
      const [products, cats, rates, groups, tenant] = await Promise.all([
        api<{ data: Product[] }>(
          'GET',
          `/products?limit=500${showArchived ? '&archived=true' : ''}`,
        ),
        api<{ data: Category[] }>('GET', '/categories?limit=500'),
        api<{ data: TaxRate[] }>('GET', '/tax-rates?limit=500'),
        api<{ data: ModifierGroup[] }>('GET', '/modifier-groups?limit=500'),
        api<Tenant>('GET', '/tenant').catch(() => null),
      ]);
      return {
        products: products.data,
        editor: {
          categories: cats.data,
          taxRates: rates.data,
          groups: groups.data,
          currency: staff.currency(),
          defaultRateId: usualRate(products.data, rates.data, tenant?.default_tax_rate_id ?? null),
        } satisfies EditorData,
      };
    },
  );

  // The rows live in a store reconciled by id: a quick edit replaces one product without
  // re-creating the others' fields (which would drop the focus of the one being typed in).
  const [rows, setRows] = createStore<Product[]>([]);
  createEffect(() => {
    const d = data();
    if (d) setRows(reconcile(d.products, { key: 'id' }));
  });
  const exp = () => exponent(staff.currency());

  const shown = createMemo(() => {
    const q = search().trim().toLowerCase();
    return rows.filter(
      (p) =>
        (!category() || (p.category_id ?? 'none') === category()) &&
        (!q ||
          p.name.toLowerCase().includes(q) ||
          (p.sku ?? '').toLowerCase().includes(q) ||
          (p.barcode ?? '').includes(q)),
    );
  });
  const categoryName = (id: string | null) =>
    data()?.editor.categories.find((c) => c.id === id)?.name ?? 'No category';
  const chips = () => [
    ['', 'All'] as const,
    ...(data()?.editor.categories ?? []).map((c) => [c.id, c.name] as const),
    ['none', 'No category'] as const,
  ];

  const run = async (what: string, f: () => Promise<unknown>) => {
    try {
      await f();
      setMessage(what);
      await refetch();
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    }
  };

  /** One field changed in place: the answer replaces the row; a refusal throws to the field. */
  const patch = async (p: Product, body: Partial<Product>, what: string) => {
    const saved = await api<Product>('PATCH', `/products/${p.id}`, body);
    setRows((r) => r.id === p.id, reconcile(saved));
    setMessage(what);
  };

  return (
    <div>
      <div class="row">
        <h1>Products</h1>
        <span class="spacer" />
        <button type="button" class="btn primary" onClick={() => setEditing(null)}>
          Add product
        </button>
      </div>
      <div class="card admin-filters">
        <label class="field">
          <span>Search products</span>
          <input
            type="search"
            value={search()}
            onInput={(e) => setSearch(e.currentTarget.value)}
            placeholder="Name, SKU or barcode"
          />
        </label>
        <div class="check-grid">
          <label>
            <input
              type="checkbox"
              checked={archived()}
              onChange={(e) => setArchived(e.currentTarget.checked)}
            />
            Show archived
          </label>
        </div>
        <fieldset class="chips" aria-label="Category">
          <For each={chips()}>
            {([id, label]) => (
              <button
                type="button"
                class="chip"
                aria-pressed={category() === id}
                onClick={() => setCategory(id)}
              >
                {label}
              </button>
            )}
          </For>
        </fieldset>
      </div>
      <p role="status" class="muted">
        {message()}
      </p>
      <Show when={data()}>
        <p class="muted">
          {shown().length} of {rows.length} {archived() ? 'archived ' : ''}products
          {archived() ? '' : '. Change a name or price in place: Enter saves, Esc undoes.'}
        </p>
        <div class="product-grid-head" aria-hidden="true">
          <span>Name</span>
          <span>Category</span>
          <span>Price ({staff.currency()})</span>
          <span>Available</span>
          <span />
        </div>
        <ul class="admin-list product-grid" aria-label="Products">
          <For each={shown()}>
            {(p) => (
              <li aria-label={p.name}>
                <div class="pg-name">
                  <Show when={p.thumbnail_url}>
                    <img src={p.thumbnail_url!} alt="" />
                  </Show>
                  <Show when={!archived()} fallback={<strong>{p.name}</strong>}>
                    <InlineField
                      label={`Name of ${p.name}`}
                      field="name"
                      value={p.name}
                      maxLength={120}
                      check={(t) => (t ? null : 'A product needs a name.')}
                      save={(t) => patch(p, { name: t }, `Renamed to ${t}.`)}
                    />
                  </Show>
                </div>
                <div class="pg-category muted">
                  {categoryName(p.category_id)}
                  {p.sku ? ` · ${p.sku}` : ''}
                </div>
                <div class="pg-price">
                  <Show
                    when={!archived()}
                    fallback={<span>{toDecimalString(p.price, exp())}</span>}
                  >
                    <InlineField
                      label={`Price of ${p.name}`}
                      field="price"
                      class="money"
                      inputMode="decimal"
                      value={toDecimalString(p.price, exp())}
                      check={(t) =>
                        parseMoney(t, staff.currency()) === null
                          ? `Write the price like ${toDecimalString(350, exp())}.`
                          : null
                      }
                      save={(t) =>
                        patch(
                          p,
                          { price: parseMoney(t, staff.currency())! },
                          `${p.name} now costs ${t}.`,
                        )
                      }
                    />
                  </Show>
                </div>
                <Show
                  when={!archived()}
                  fallback={
                    <button
                      type="button"
                      class="btn pg-restore"
                      onClick={() =>
                        void run(`Restored ${p.name}.`, () =>
                          api('POST', `/products/${p.id}/restore`),
                        )
                      }
                    >
                      Restore {p.name}
                    </button>
                  }
                >
                  <label class="inline-check pg-available">
                    <input
                      type="checkbox"
                      checked={p.available ?? true}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        const box = e.currentTarget;
                        patch(
                          p,
                          { available: on },
                          `${p.name} is ${on ? 'available' : 'unavailable'}.`,
                        ).catch((err) => {
                          box.checked = !on;
                          setMessage(err instanceof ApiError ? err.message : String(err));
                        });
                      }}
                    />
                    <span>Available</span>
                  </label>
                  <div class="pg-actions">
                    <button
                      type="button"
                      class="btn"
                      aria-label={`Edit ${p.name}`}
                      onClick={() => setEditing(p)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      class="btn"
                      aria-label={`Duplicate ${p.name}`}
                      onClick={() =>
                        setEditing({
                          ...p,
                          id: undefined,
                          name: `${p.name} (copy)`,
                          sku: null,
                          barcode: null,
                          image_url: null,
                        })
                      }
                    >
                      Duplicate
                    </button>
                    <button
                      type="button"
                      class="btn"
                      aria-label={`Archive ${p.name}`}
                      onClick={() =>
                        void run(`Archived ${p.name}: restore it under Show archived.`, () =>
                          api('DELETE', `/products/${p.id}`),
                        )
                      }
                    >
                      Archive
                    </button>
                  </div>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={editing() !== undefined && data()}>
        <ProductEditor
          product={editing() ?? null}
          data={data()!.editor}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            setEditing(undefined);
            setMessage(`Saved ${saved.name}.`);
            void refetch();
          }}
        />
      </Show>
    </div>
  );
}
