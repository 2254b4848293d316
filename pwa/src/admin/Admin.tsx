import { A, useParams } from '@solidjs/router';
import { createMemo, For, Match, Switch } from 'solid-js';
import { FloorEditor } from './FloorEditor';
import { Products } from './Products';
import { Reports } from './Reports';
import { Settings } from './Settings';
import { SimpleGrid } from './SimpleGrid';
import { Stations } from './Stations';
import { Tables } from './Tables';

const SECTIONS = [
  ['products', 'Products'],
  ['categories', 'Categories'],
  ['modifier-groups', 'Modifier groups'],
  ['tax-rates', 'Tax rates'],
  ['staff', 'Staff'],
  ['orders', 'Orders'],
  ['tables', 'Tables'],
  ['floor', 'Floor plan'],
  ['stations', 'Stations'],
  ['reports', 'Reports'],
  ['settings', 'Settings'],
] as const;

/** Admin for owners and managers, lazy-loaded with ag-grid. */
export default function Admin() {
  const params = useParams();
  const section = createMemo(() => params.section || 'products');
  return (
    <div class="admin">
      <nav aria-label="Admin sections">
        <For each={SECTIONS}>
          {([path, label]) => (
            <A href={`/admin/${path}`} classList={{ active: section() === path }}>
              {label}
            </A>
          )}
        </For>
      </nav>
      <section>
        <Switch>
          <Match when={section() === 'products'}>
            <Products />
          </Match>
          <Match when={section() === 'categories'}>
            <SimpleGrid
              title="Categories"
              path="/categories"
              columns={[
                { field: 'name', editable: true },
                { field: 'position', editable: true, cellDataType: 'number' },
              ]}
              create={{ name: 'New category' }}
            />
          </Match>
          <Match when={section() === 'modifier-groups'}>
            <SimpleGrid
              title="Modifier groups"
              path="/modifier-groups"
              columns={[
                { field: 'name', editable: true },
                { field: 'min', editable: true, cellDataType: 'number' },
                { field: 'max', editable: true, cellDataType: 'number' },
                {
                  headerName: 'Modifiers',
                  valueGetter: (p) =>
                    (p.data?.modifiers as { name: string }[] | undefined)
                      ?.map((m) => m.name)
                      .join(', '),
                  flex: 2,
                },
              ]}
              create={{ name: 'New group', min: 0, max: 1, modifiers: [] }}
            />
          </Match>
          <Match when={section() === 'tax-rates'}>
            <SimpleGrid
              title="Tax rates"
              path="/tax-rates"
              columns={[
                { field: 'name', editable: true },
                {
                  field: 'rate_bp',
                  headerName: 'Rate (basis points)',
                  editable: true,
                  cellDataType: 'number',
                },
              ]}
              create={{ name: 'New rate', rate_bp: 0 }}
            />
          </Match>
          <Match when={section() === 'staff'}>
            <SimpleGrid
              title="Staff"
              path="/users"
              columns={[
                { field: 'name', editable: true },
                { field: 'email' },
                {
                  field: 'role',
                  editable: true,
                  cellEditor: 'agSelectCellEditor',
                  cellEditorParams: {
                    values: ['owner', 'manager', 'cashier', 'waiter', 'kitchen'],
                  },
                },
              ]}
            />
          </Match>
          <Match when={section() === 'orders'}>
            <SimpleGrid
              title="Orders"
              path="/orders"
              columns={[
                { field: 'ticket_number', headerName: '#', width: 80 },
                { field: 'status' },
                { field: 'type' },
                { field: 'source' },
                { field: 'total', headerName: 'Total (minor units)', cellDataType: 'number' },
                { field: 'receipt_number', headerName: 'Receipt' },
                { field: 'created_at', headerName: 'Created', flex: 2 },
              ]}
            />
          </Match>
          <Match when={section() === 'tables'}>
            <Tables />
          </Match>
          <Match when={section() === 'floor'}>
            <FloorEditor />
          </Match>
          <Match when={section() === 'stations'}>
            <Stations />
          </Match>
          <Match when={section() === 'reports'}>
            <Reports />
          </Match>
          <Match when={section() === 'settings'}>
            <Settings />
          </Match>
        </Switch>
      </section>
    </div>
  );
}
