import { render } from 'solid-js/web';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModifierGroup, Product } from '../api/types';
import { ModifierDialog } from './ModifierDialog';

const product: Product = {
  id: 'p',
  category_id: null,
  name: 'Cappuccino',
  description: null,
  price: 340,
  tax_rate_id: 't',
  takeaway_tax_rate_id: null,
  modifier_group_ids: ['size', 'extras'],
  image_url: null,
  thumbnail_url: null,
};
const groups: ModifierGroup[] = [
  {
    id: 'size',
    name: 'Size',
    min: 1,
    max: 1,
    modifiers: [
      { id: 's', name: 'Small', price_delta: 0 },
      { id: 'l', name: 'Large', price_delta: 90 },
    ],
  },
  {
    id: 'extras',
    name: 'Extras',
    min: 0,
    max: 2,
    modifiers: [
      { id: 'x', name: 'Extra shot', price_delta: 60 },
      { id: 'v', name: 'Vanilla syrup', price_delta: 40 },
      { id: 'w', name: 'Whipped cream', price_delta: 50 },
    ],
  },
];

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = '';
});

function mount() {
  const onAdd = vi.fn();
  const host = document.createElement('div');
  document.body.append(host);
  dispose = render(
    () => (
      <ModifierDialog
        product={product}
        groups={groups}
        currency="EUR"
        onAdd={onAdd}
        onClose={() => {}}
      />
    ),
    host,
  );
  const box = (name: string) =>
    [...host.querySelectorAll('label.choice')]
      .find((l) => l.textContent?.includes(name))!
      .querySelector('input')!;
  const add = () =>
    [...host.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Add to order'))!;
  return { host, onAdd, box, add };
}

describe('ModifierDialog', () => {
  it('keeps "Add to order" unavailable until the required group is chosen', () => {
    const { host, box, add } = mount();
    expect(add().disabled).toBe(true);
    expect(host.textContent).toContain('Size: choose 1');
    box('Large').click();
    expect(add().disabled).toBe(false);
    expect(add().textContent).toMatch(/4[.,]30/);
  });

  it('switches within a one-choice group and stops a group at its max', () => {
    const { box, add, onAdd } = mount();
    box('Small').click();
    box('Large').click();
    expect(box('Small').checked).toBe(false);
    expect(box('Large').checked).toBe(true);
    box('Extra shot').click();
    box('Vanilla syrup').click();
    expect(box('Whipped cream').disabled).toBe(true);
    add().click();
    expect(onAdd).toHaveBeenCalledTimes(1);
    expect(onAdd.mock.calls[0]![0].map((m: { name: string }) => m.name)).toEqual([
      'Large',
      'Extra shot',
      'Vanilla syrup',
    ]);
  });
});
