import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import { ApiError, api } from '../api/client';
import { type ColDef, type GridApi, makeGrid } from './grid';

type Row = { id: string } & Record<string, unknown>;

/** A list endpoint in a grid; edited cells are PATCHed one field at a time. */
export function SimpleGrid(props: {
  title: string;
  path: string;
  columns: ColDef<Row>[];
  create?: Record<string, unknown>;
}) {
  let el!: HTMLDivElement;
  let grid: GridApi<Row> | undefined;
  const [message, setMessage] = createSignal<string | null>(null);

  const load = async () => {
    const page = await api<{ data: Row[] }>('GET', `${props.path}?limit=500`);
    grid?.setGridOption('rowData', page.data);
  };

  onMount(() => {
    grid = makeGrid<Row>(el, {
      columnDefs: props.columns,
      defaultColDef: { flex: 1, sortable: true, filter: true },
      async onCellValueChanged(e) {
        const field = e.colDef.field;
        if (!field || e.newValue === e.oldValue) return;
        try {
          const updated = await api<Row>('PATCH', `${props.path}/${e.data.id}`, {
            [field]: e.newValue,
          });
          e.node.setData(updated);
          setMessage(`Saved ${field}.`);
        } catch (err) {
          e.node.setDataValue(field, e.oldValue);
          setMessage(err instanceof ApiError ? err.message : String(err));
        }
      },
    });
    void load().catch((e) => setMessage(String(e)));
  });
  onCleanup(() => grid?.destroy());

  const add = async () => {
    try {
      await api('POST', props.path, props.create);
      await load();
      setMessage('Added a row: edit it in the grid.');
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <div>
      <div class="row">
        <h1>{props.title}</h1>
        <span class="spacer" />
        <Show when={props.create}>
          <button type="button" class="btn" onClick={() => void add()}>
            Add
          </button>
        </Show>
      </div>
      <p role="status" class="muted">
        {message()}
      </p>
      <div ref={el} class="admin-grid" />
    </div>
  );
}
