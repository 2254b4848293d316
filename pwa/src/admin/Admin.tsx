import { A, useParams } from '@solidjs/router';
import { createMemo, createSignal, For, Match, Switch } from 'solid-js';
import './admin.css';
import { AuditLog } from './AuditLog';
import { FloorEditor } from './FloorEditor';
import { ImportExport } from './ImportExport';
import { InlineList, nameColumn, positionColumn, rateColumn } from './InlineList';
import { ModifierGroups } from './ModifierGroups';
import { Onboarding } from './Onboarding';
import { OrdersList } from './OrdersList';
import { Products } from './Products';
import { Reports } from './Reports';
import { Settings } from './Settings';
import { Staff } from './Staff';
import { Stations } from './Stations';
import { Tables } from './Tables';

const SECTIONS = [
  ['products', 'Products'],
  ['import', 'Import and export'],
  ['categories', 'Categories'],
  ['modifier-groups', 'Modifier groups'],
  ['tax-rates', 'Tax rates'],
  ['staff', 'Staff'],
  ['orders', 'Orders'],
  ['tables', 'Tables'],
  ['floor', 'Floor plan'],
  ['stations', 'Stations'],
  ['reports', 'Reports'],
  ['audit', 'Audit log'],
  ['settings', 'Settings'],
] as const;

/** Admin for owners and managers, lazy-loaded (with ag-grid, which only Reports uses). */
export default function Admin() {
  const params = useParams();
  const section = createMemo(() => params.section || 'products');
  // Phones fold the side menu into a button; choosing a section folds it again.
  const [menuOpen, setMenuOpen] = createSignal(false);
  const current = () => SECTIONS.find(([path]) => path === section())?.[1] ?? 'Admin';
  return (
    <div class="admin">
      <button
        type="button"
        class="btn admin-menu-toggle"
        aria-expanded={menuOpen()}
        aria-controls="admin-sections"
        onClick={() => setMenuOpen(!menuOpen())}
      >
        {menuOpen() ? 'Close admin menu' : `Admin menu: ${current()}`}
      </button>
      <nav id="admin-sections" aria-label="Admin sections" classList={{ collapsed: !menuOpen() }}>
        <For each={SECTIONS}>
          {([path, label]) => (
            <A
              href={`/admin/${path}`}
              classList={{ active: section() === path }}
              onClick={() => setMenuOpen(false)}
            >
              {label}
            </A>
          )}
        </For>
      </nav>
      <section>
        <Onboarding />
        <Switch>
          <Match when={section() === 'products'}>
            <Products />
          </Match>
          <Match when={section() === 'categories'}>
            <InlineList
              title="Categories"
              noun="category"
              path="/categories"
              intro="The POS and the guest menu show categories by position, lowest first."
              columns={[nameColumn('category'), positionColumn]}
            />
          </Match>
          <Match when={section() === 'modifier-groups'}>
            <ModifierGroups />
          </Match>
          <Match when={section() === 'tax-rates'}>
            <InlineList
              title="Tax rates"
              noun="tax rate"
              path="/tax-rates"
              intro="Each product has a tax rate, and may have another for takeaway. A rate still used by a product cannot be deleted."
              columns={[nameColumn('tax rate'), rateColumn]}
            />
          </Match>
          <Match when={section() === 'staff'}>
            <Staff />
          </Match>
          <Match when={section() === 'orders'}>
            <OrdersList />
          </Match>
          <Match when={section() === 'import'}>
            <ImportExport />
          </Match>
          <Match when={section() === 'audit'}>
            <AuditLog />
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
