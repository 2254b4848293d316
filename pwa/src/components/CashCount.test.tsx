import { render } from 'solid-js/web';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CashCount } from './CashCount';

const type = (el: HTMLInputElement, value: string) => {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
};

describe('CashCount', () => {
  let dispose: (() => void) | undefined;
  afterEach(() => {
    dispose?.();
    document.body.innerHTML = '';
  });

  const mount = (currency: string, expected: number | null = 10000) => {
    const onClose = vi.fn();
    const root = document.createElement('div');
    document.body.append(root);
    dispose = render(
      () => <CashCount currency={currency} expected={expected} busy={false} onClose={onClose} />,
      root,
    );
    const count = (label: RegExp) =>
      [...root.querySelectorAll<HTMLInputElement>('input.count')].find((i) =>
        label.test(i.getAttribute('aria-label') ?? ''),
      )!;
    const total = root.querySelector<HTMLInputElement>('input[inputmode="decimal"]')!;
    const close = [...root.querySelectorAll('button')].find(
      (b) => b.textContent === 'Close shift',
    )!;
    return { root, onClose, count, total, close };
  };

  it('has one row per note and coin of the currency', () => {
    const { root } = mount('CHF');
    expect(root.querySelectorAll('input.count')).toHaveLength(13);
    expect(mount('GBP').root.querySelectorAll('input.count')).toHaveLength(12);
  });

  it('sums the count live into Counted cash and closes with it', () => {
    const { root, count, total, close, onClose } = mount('EUR');
    expect(close.hasAttribute('disabled')).toBe(true);
    type(count(/\b50[.,]00 notes/), '2');
    type(count(/\b2[.,]00 coins/), '1');
    type(count(/\b0[.,]10 coins/), '1');
    expect(total.value).toMatch(/^102[.,]10$/);
    expect(root.textContent).toMatch(/difference\s*\+€?2[.,]10/);
    close.click();
    expect(onClose).toHaveBeenCalledWith(10210);
  });

  it('takes a typed total over the count', () => {
    const { total, close, onClose, count } = mount('EUR');
    type(count(/\b20[.,]00 notes/), '3');
    expect(total.value).toMatch(/^60[.,]00$/);
    type(total, '59,95');
    close.click();
    expect(onClose).toHaveBeenCalledWith(5995);
  });
});
