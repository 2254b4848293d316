import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import { ApiError, api } from '../api/client';
import type { Category, Product } from '../api/types';
import { exponent, formatMoney, parseMoney, toDecimalString } from '../lib/money';
import { useStaff } from '../staff/context';
import { type GridApi, makeGrid } from './grid';

/**
 * Products in a grid: name, category, price and availability edited inline (each change is one
 * PATCH; the POS hears catalog.changed and refreshes its cache), images uploaded with a preview.
 */
export function Products() {
  const staff = useStaff();
  const currency = staff.currency;
  let el!: HTMLDivElement;
  let grid: GridApi<Product> | undefined;
  const [message, setMessage] = createSignal<string | null>(null);
  const [selected, setSelected] = createSignal<Product | null>(null);
  const [preview, setPreview] = createSignal<string | null>(null);
  let categories: Category[] = [];

  const load = async () => {
    const [products, cats] = await Promise.all([
      api<{ data: Product[] }>('GET', '/products?limit=500'),
      api<{ data: Category[] }>('GET', '/categories?limit=500'),
    ]);
    categories = cats.data;
    grid?.setGridOption('rowData', products.data);
  };

  const patch = async (id: string, body: Partial<Product>) => {
    const updated = await api<Product>('PATCH', `/products/${id}`, body);
    grid?.getRowNode(id)?.setData(updated);
    return updated;
  };

  onMount(() => {
    grid = makeGrid<Product>(el, {
      rowSelection: { mode: 'singleRow', checkboxes: false, enableClickSelection: true },
      onSelectionChanged: () => {
        setSelected(grid?.getSelectedRows()[0] ?? null);
        setPreview(null);
      },
      defaultColDef: { sortable: true, filter: true },
      columnDefs: [
        {
          headerName: '',
          field: 'thumbnail_url',
          width: 70,
          sortable: false,
          filter: false,
          cellRenderer: (p: { value: string | null }) => {
            if (!p.value) return '';
            const img = document.createElement('img');
            img.src = p.value;
            img.alt = '';
            img.style.cssText =
              'width:40px;height:40px;object-fit:cover;border-radius:4px;margin-top:4px';
            return img;
          },
        },
        { field: 'name', editable: true, flex: 2 },
        {
          field: 'category_id',
          headerName: 'Category',
          editable: true,
          flex: 1,
          cellEditor: 'agSelectCellEditor',
          cellEditorParams: () => ({ values: categories.map((c) => c.id) }),
          valueFormatter: (p) => categories.find((c) => c.id === p.value)?.name ?? '',
          refData: undefined,
        },
        {
          colId: 'price',
          headerName: 'Price',
          editable: true,
          width: 130,
          cellDataType: 'text',
          valueGetter: (p) => (p.data ? toDecimalString(p.data.price, exponent(currency)) : ''),
          valueFormatter: (p) => (p.data ? formatMoney(p.data.price, currency) : ''),
          valueSetter: (p) => {
            const v = parseMoney(String(p.newValue ?? ''), currency);
            if (v === null || !p.data) {
              setMessage(`"${p.newValue}" is not a price.`);
              return false;
            }
            p.data.price = v;
            return true;
          },
        },
        { field: 'available', editable: true, width: 120, cellDataType: 'boolean' },
        { field: 'sku', editable: true, width: 130 },
      ],
      async onCellValueChanged(e) {
        const col = e.column.getColId();
        const field = col === 'price' ? 'price' : e.colDef.field;
        if (!field) return;
        try {
          const value = (e.data as unknown as Record<string, unknown>)[field];
          await patch(e.data.id, { [field]: value === '' ? null : value } as Partial<Product>);
          setMessage(`Saved ${e.data.name}.`);
        } catch (err) {
          setMessage(err instanceof ApiError ? err.message : String(err));
          void load();
        }
      },
    });
    void load().catch((e) => setMessage(String(e)));
  });
  onCleanup(() => grid?.destroy());

  const upload = async (file: File) => {
    const p = selected();
    if (!p) return;
    setPreview(URL.createObjectURL(file));
    setMessage(`Uploading the image of ${p.name}…`);
    try {
      const updated = await api<Product>('PUT', `/products/${p.id}/image`, undefined, {
        raw: file,
        headers: { 'content-type': file.type },
      });
      grid?.getRowNode(p.id)?.setData(updated);
      setSelected(updated);
      setMessage(`Image saved for ${p.name}.`);
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    }
  };

  const add = async () => {
    const rates = await api<{ data: { id: string }[] }>('GET', '/tax-rates?limit=1');
    if (!rates.data[0]) {
      setMessage('Add a tax rate first.');
      return;
    }
    await api('POST', '/products', {
      name: 'New product',
      price: 0,
      tax_rate_id: rates.data[0].id,
    });
    await load();
    setMessage('Added "New product": edit it in the grid.');
  };

  return (
    <div>
      <div class="row">
        <h1>Products</h1>
        <span class="spacer" />
        <button type="button" class="btn" onClick={() => void add()}>
          Add product
        </button>
      </div>
      <p class="muted">Double-click a cell to edit it; Enter saves.</p>
      <p role="status" class="muted">
        {message()}
      </p>
      <div ref={el} class="admin-grid" />
      <Show when={selected()}>
        {(p) => (
          <div class="card row">
            <Show when={preview() ?? p().thumbnail_url}>
              <img src={(preview() ?? p().thumbnail_url)!} alt={p().name} width="80" height="80" />
            </Show>
            <label class="field">
              <span>Image for {p().name}</span>
              <input
                type="file"
                accept="image/jpeg,image/png,image/webp"
                onChange={(e) => {
                  const f = e.currentTarget.files?.[0];
                  if (f) void upload(f);
                }}
              />
            </label>
          </div>
        )}
      </Show>
    </div>
  );
}
