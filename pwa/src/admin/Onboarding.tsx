import { A } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../api/client';
import type { Tenant } from '../api/types';

interface Step {
  label: string;
  href: string;
  done: boolean;
}

const HIDDEN_KEY = 'comanda.onboarding.hidden';

// Bumped by a screen that completes a step, so the checklist asks the API again.
const [stale, setStale] = createSignal(0);
export const refreshOnboarding = () => setStale(stale() + 1);

/**
 * First-run checklist for a tenant that just signed up: each step links to the screen that does
 * it and is ticked from what the API holds; the card disappears once every step is done.
 */
export function Onboarding() {
  const [hidden, setHidden] = createSignal(localStorage.getItem(HIDDEN_KEY) === '1');
  const [steps] = createResource(stale, async (): Promise<Step[]> => {
    const count = async (path: string) =>
      (await api<{ data: unknown[] }>('GET', path).catch(() => ({ data: [] }))).data.length;
    const [tenant, products, tables, users, orders] = await Promise.all([
      api<Tenant>('GET', '/tenant').catch(() => null),
      count('/products?limit=1'),
      count('/tables?limit=1'),
      count('/users?limit=2'),
      count('/orders?limit=1'),
    ]);
    return [
      {
        label: 'Confirm your currency, price mode and default tax rate',
        href: '/admin/settings',
        done: !!tenant?.tax_confirmed,
      },
      {
        label: 'Add a category and a product, or import your menu',
        href: '/admin/import',
        done: products > 0,
      },
      { label: 'Add a table and print its QR code', href: '/admin/tables', done: tables > 0 },
      { label: 'Add a staff member', href: '/admin/staff', done: users > 1 },
      { label: 'Take a test order on the POS', href: '/pos', done: orders > 0 },
    ];
  });
  const open = () => (steps() ?? []).filter((s) => !s.done).length;
  return (
    <Show when={!hidden() && steps() && open() > 0}>
      <aside class="card onboarding" aria-label="Getting started">
        <details open={open() > 2}>
          <summary>
            <strong>Getting started: {5 - open()} of 5 done</strong>
          </summary>
          <ol>
            <For each={steps()}>
              {(s) => (
                <li classList={{ done: s.done }}>
                  <Show when={!s.done} fallback={<span>{s.label} (done)</span>}>
                    <A href={s.href}>{s.label}</A>
                  </Show>
                </li>
              )}
            </For>
          </ol>
          <button
            type="button"
            class="btn ghost"
            onClick={() => {
              localStorage.setItem(HIDDEN_KEY, '1');
              setHidden(true);
            }}
          >
            Hide checklist
          </button>
        </details>
      </aside>
    </Show>
  );
}
