import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { ApiError, api } from '../api/client';
import type { Category, ModifierGroup, Product, TaxRate } from '../api/types';
import { formatMoney } from '../lib/money';
import { useStaff } from '../staff/context';
import { type EditorData, ProductEditor } from './ProductEditor';

/** The rate most products use, else the first: what a new product starts with. */
function usualRate(products: Product[], rates: TaxRate[]): string | null {
  const counts = new Map<string, number>();
  for (const p of products) counts.set(p.tax_rate_id, (counts.get(p.tax_rate_id) ?? 0) + 1);
  let best: string | null = null;
  for (const [id, n] of counts) if (!best || n > counts.get(best)!) best = id;
  return best ?? rates[0]?.id ?? null;
}

/**
 * Products as a list of cards (one column on phones): search, category filter, availability
 * switched in place, and the full editor for everything else; archived ones can be restored.
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
      const [products, cats, rates, groups] = await Promise.all([
        api<{ data: Product[] }>(
          'GET',
          `/products?limit=500${showArchived ? '&archived=true' : ''}`,
        ),
        api<{ data: Category[] }>('GET', '/categories?limit=500'),
        api<{ data: TaxRate[] }>('GET', '/tax-rates?limit=500'),
        api<{ data: ModifierGroup[] }>('GET', '/modifier-groups?limit=500'),
      ]);
      return {
        products: products.data,
        editor: {
          categories: cats.data,
          taxRates: rates.data,
          groups: groups.data,
          currency: staff.currency,
          defaultRateId: usualRate(products.data, rates.data),
        } satisfies EditorData,
      };
    },
  );

  const shown = createMemo(() => {
    const q = search().trim().toLowerCase();
    return (data()?.products ?? []).filter(
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

  const run = async (what: string, f: () => Promise<unknown>) => {
    try {
      await f();
      setMessage(what);
      await refetch();
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    }
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
        <label class="field">
          <span>Category</span>
          <select value={category()} onChange={(e) => setCategory(e.currentTarget.value)}>
            <option value="">All categories</option>
            <For each={data()?.editor.categories ?? []}>
              {(c) => <option value={c.id}>{c.name}</option>}
            </For>
            <option value="none">No category</option>
          </select>
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
      </div>
      <p role="status" class="muted">
        {message()}
      </p>
      <Show when={data()}>
        <p class="muted">
          {shown().length} of {data()!.products.length} {archived() ? 'archived ' : ''}products
        </p>
        <ul class="admin-list" aria-label="Products">
          <For each={shown()}>
            {(p) => (
              <li aria-label={p.name}>
                <Show when={p.thumbnail_url}>
                  <img src={p.thumbnail_url!} alt="" />
                </Show>
                <div class="grow">
                  <strong>{p.name}</strong>
                  <div class="muted">
                    {categoryName(p.category_id)} · {formatMoney(p.price, staff.currency)}
                    {p.sku ? ` · ${p.sku}` : ''}
                  </div>
                </div>
                <Show
                  when={!archived()}
                  fallback={
                    <button
                      type="button"
                      class="btn"
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
                  <label class="row" style={{ margin: 0 }}>
                    <input
                      type="checkbox"
                      style={{ width: '1.2rem', height: '1.2rem', 'min-height': 0 }}
                      checked={p.available ?? true}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        void run(`${p.name} is ${on ? 'available' : 'unavailable'}.`, () =>
                          api('PATCH', `/products/${p.id}`, { available: on }),
                        );
                      }}
                    />
                    Available
                  </label>
                  <button type="button" class="btn" onClick={() => setEditing(p)}>
                    Edit {p.name}
                  </button>
                  <button
                    type="button"
                    class="btn"
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
                    onClick={() =>
                      void run(`Archived ${p.name}: restore it under Show archived.`, () =>
                        api('DELETE', `/products/${p.id}`),
                      )
                    }
                  >
                    Archive
                  </button>
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
