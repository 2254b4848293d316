import { createMemo, createSignal, For, Show } from 'solid-js';
import type { Modifier, ModifierGroup, Product } from '../api/types';
import { groupRule, modifierProblems } from '../lib/cart';
import { formatMoney } from '../lib/money';
import { Dialog } from './Dialog';

/**
 * Choosing modifiers for one product. The rules are the server's (min/max per group): "Add to
 * order" stays unavailable, with the reason shown, until every group is satisfied.
 */
export function ModifierDialog(props: {
  product: Product;
  groups: ModifierGroup[];
  currency: string;
  onAdd(modifiers: Modifier[], note: string): void;
  onClose(): void;
}) {
  const [chosen, setChosen] = createSignal<ReadonlySet<string>>(new Set());
  const [note, setNote] = createSignal('');
  const problems = createMemo(() => modifierProblems(props.groups, chosen()));
  const selected = () => props.groups.flatMap((g) => g.modifiers.filter((m) => chosen().has(m.id)));
  const price = () => props.product.price + selected().reduce((s, m) => s + m.price_delta, 0);

  const toggle = (g: ModifierGroup, m: Modifier) => {
    const next = new Set(chosen());
    if (next.has(m.id)) next.delete(m.id);
    else {
      // A one-choice group switches; otherwise a full group takes no more.
      if (g.max === 1) for (const o of g.modifiers) next.delete(o.id);
      else if (g.modifiers.filter((o) => next.has(o.id)).length >= g.max) return;
      next.add(m.id);
    }
    setChosen(next);
  };

  return (
    <Dialog
      title={props.product.name}
      onClose={props.onClose}
      footer={
        <>
          <Show when={problems().length}>
            <p class="hint" id="modifier-problems">
              {problems().join(' · ')}
            </p>
          </Show>
          <button
            type="button"
            class="btn primary big"
            disabled={problems().length > 0}
            aria-describedby={problems().length ? 'modifier-problems' : undefined}
            onClick={() => props.onAdd(selected(), note().trim())}
          >
            Add to order · {formatMoney(price(), props.currency)}
          </button>
        </>
      }
    >
      <For each={props.groups}>
        {(g) => {
          const count = () => g.modifiers.filter((m) => chosen().has(m.id)).length;
          return (
            <fieldset class="modifier-group">
              <legend>
                {g.name} <span class="rule">({groupRule(g)})</span>
              </legend>
              <For each={g.modifiers.filter((m) => m.available !== false)}>
                {(m) => (
                  <label class="choice">
                    <input
                      type="checkbox"
                      checked={chosen().has(m.id)}
                      disabled={!chosen().has(m.id) && g.max > 1 && count() >= g.max}
                      onChange={() => toggle(g, m)}
                    />
                    <span>{m.name}</span>
                    <Show when={m.price_delta !== 0}>
                      <span class="delta">
                        {m.price_delta > 0 ? '+' : '−'}
                        {formatMoney(Math.abs(m.price_delta), props.currency)}
                      </span>
                    </Show>
                  </label>
                )}
              </For>
            </fieldset>
          );
        }}
      </For>
      <label class="field">
        <span>Note</span>
        <input
          type="text"
          maxLength={500}
          value={note()}
          onInput={(e) => setNote(e.currentTarget.value)}
          placeholder="e.g. extra hot"
        />
      </label>
    </Dialog>
  );
}
