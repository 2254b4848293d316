import { createResource, createSignal, For, Show } from 'solid-js';
import { ApiError, api } from '../api/client';
import type { ModifierGroup, Product } from '../api/types';
import { Dialog } from '../components/Dialog';
import { exponent, formatMoney, parseMoney, toDecimalString } from '../lib/money';
import { useStaff } from '../staff/context';
import { ruleWords } from './modifier-rule';

interface Row {
  id?: string;
  name: string;
  delta: string;
  available: boolean;
}

/** Modifier groups as cards; the editor shows the rule in words as min and max change. */
export function ModifierGroups() {
  const staff = useStaff();
  const [message, setMessage] = createSignal<string | null>(null);
  const [editing, setEditing] = createSignal<ModifierGroup | null | undefined>(undefined);
  const [data, { refetch }] = createResource(async () => {
    const [groups, products] = await Promise.all([
      api<{ data: ModifierGroup[] }>('GET', '/modifier-groups?limit=500'),
      api<{ data: Product[] }>('GET', '/products?limit=500'),
    ]);
    return { groups: groups.data, products: products.data };
  });
  const usedBy = (id: string) =>
    (data()?.products ?? []).filter((p) => p.modifier_group_ids.includes(id)).map((p) => p.name);

  return (
    <div>
      <div class="row">
        <h1>Modifier groups</h1>
        <span class="spacer" />
        <button type="button" class="btn primary" onClick={() => setEditing(null)}>
          Add modifier group
        </button>
      </div>
      <p role="status" class="muted">
        {message()}
      </p>
      <ul class="admin-list" aria-label="Modifier groups">
        <For each={data()?.groups ?? []}>
          {(g) => (
            <li aria-label={g.name}>
              <div class="grow">
                <strong>{g.name}</strong>
                <div class="muted">{ruleWords(g.min, g.max, g.modifiers.length)}</div>
                <div>
                  {g.modifiers
                    .map(
                      (m) =>
                        `${m.name}${m.price_delta ? ` ${m.price_delta > 0 ? '+' : ''}${formatMoney(m.price_delta, staff.currency())}` : ''}`,
                    )
                    .join(', ')}
                </div>
                <div class="muted">
                  Used by {usedBy(g.id).length ? usedBy(g.id).join(', ') : 'no product'}
                </div>
              </div>
              <button type="button" class="btn" onClick={() => setEditing(g)}>
                Edit {g.name}
              </button>
            </li>
          )}
        </For>
      </ul>
      <Show when={editing() !== undefined}>
        <GroupEditor
          group={editing() ?? null}
          usedBy={editing() ? usedBy(editing()!.id) : []}
          currency={staff.currency()}
          onClose={() => setEditing(undefined)}
          onSaved={(name) => {
            setEditing(undefined);
            setMessage(`Saved ${name}.`);
            void refetch();
          }}
        />
      </Show>
    </div>
  );
}

function GroupEditor(props: {
  group: ModifierGroup | null;
  usedBy: string[];
  currency: string;
  onClose(): void;
  onSaved(name: string): void;
}) {
  const exp = exponent(props.currency);
  const g = props.group;
  const [name, setName] = createSignal(g?.name ?? '');
  const [min, setMin] = createSignal(String(g?.min ?? 0));
  const [max, setMax] = createSignal(String(g?.max ?? 1));
  const [rows, setRows] = createSignal<Row[]>(
    g?.modifiers.map((m) => ({
      id: m.id,
      name: m.name,
      delta: toDecimalString(m.price_delta, exp),
      available: m.available ?? true,
    })) ?? [{ name: '', delta: toDecimalString(0, exp), available: true }],
  );
  const [error, setError] = createSignal<string | null>(null);
  const set = (i: number, patch: Partial<Row>) =>
    setRows(rows().map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: number) => {
    const next = [...rows()];
    const [r] = next.splice(i, 1);
    next.splice(i + by, 0, r!);
    setRows(next);
  };

  // Drag to order: the handle captures the pointer (mouse, pen or finger) and the row moves to
  // the slot under it as it goes. The ↑ ↓ buttons stay as the keyboard and screen-reader path.
  let list!: HTMLUListElement;
  const [dragging, setDragging] = createSignal<number | null>(null);
  /**
   * The window hears the rest of the gesture: the row (and so the handle) moves in the DOM while
   * it is dragged, which would drop a pointer capture taken on the handle.
   */
  const startDrag = (e: PointerEvent, i: number) => {
    e.preventDefault();
    setDragging(i);
    const id = e.pointerId;
    // Near the top or bottom edge of the dialog's scrolling body, the body scrolls: on a phone
    // the row to drag past is often out of view.
    const body = list.closest<HTMLElement>('.dialog-body');
    const onMove = (m: PointerEvent) => {
      if (m.pointerId !== id) return;
      if (body) {
        const r = body.getBoundingClientRect();
        if (m.clientY < r.top + 48) body.scrollTop -= 16;
        else if (m.clientY > r.bottom - 48) body.scrollTop += 16;
      }
      dragTo(m.clientY);
    };
    const stop = (m: PointerEvent) => {
      if (m.pointerId !== id) return;
      setDragging(null);
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', stop);
      window.removeEventListener('pointercancel', stop);
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', stop);
    window.addEventListener('pointercancel', stop);
  };
  const dragTo = (clientY: number) => {
    const from = dragging();
    if (from === null) return;
    const items = [...list.children] as HTMLElement[];
    let to = items.findIndex((el) => clientY < el.getBoundingClientRect().bottom);
    if (to === -1) to = items.length - 1;
    if (to !== from) {
      move(from, to - from);
      setDragging(to);
    }
  };

  const save = async () => {
    const named = rows().filter((r) => r.name.trim());
    const modifiers = [];
    for (const r of named) {
      const neg = r.delta.trim().startsWith('-');
      const v = parseMoney(r.delta.trim().replace(/^[-+]/, ''), props.currency);
      if (v === null) {
        setError(`"${r.delta}" is not a price change for ${r.name}.`);
        return;
      }
      modifiers.push({
        ...(r.id ? { id: r.id } : {}),
        name: r.name.trim(),
        price_delta: neg ? -v : v,
        available: r.available,
      });
    }
    const body = { name: name().trim(), min: Number(min()), max: Number(max()), modifiers };
    if (!body.name) return setError('Give the group a name.');
    try {
      if (g) await api('PATCH', `/modifier-groups/${g.id}`, body);
      else await api('POST', '/modifier-groups', body);
      props.onSaved(body.name);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <Dialog
      title={g ? `Edit ${g.name}` : 'New modifier group'}
      class="wide"
      onClose={props.onClose}
      footer={
        <div class="row">
          <button type="button" class="btn" onClick={props.onClose}>
            Cancel
          </button>
          <span class="spacer" />
          <button type="button" class="btn primary" onClick={() => void save()}>
            Save group
          </button>
        </div>
      }
    >
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="form-grid">
        <label class="field">
          <span>Group name</span>
          <input value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Minimum choices</span>
          <input
            type="number"
            min="0"
            value={min()}
            onInput={(e) => setMin(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>Maximum choices</span>
          <input
            type="number"
            min="1"
            value={max()}
            onInput={(e) => setMax(e.currentTarget.value)}
          />
        </label>
      </div>
      <p class="muted">Drag ⠿ or use ↑ ↓ to order the modifiers as the POS shows them.</p>
      <p class="muted" role="status" aria-label="Rule">
        {ruleWords(Number(min()), Number(max()), rows().filter((r) => r.name.trim()).length)}
      </p>
      <ul class="admin-list modifier-rows" aria-label="Modifiers" ref={list}>
        <For each={rows()}>
          {(r, i) => (
            <li classList={{ dragging: dragging() === i() }}>
              <span
                class="drag-handle"
                aria-hidden="true"
                title="Drag to order"
                onPointerDown={(e) => startDrag(e, i())}
              >
                ⠿
              </span>
              <label class="field grow">
                <span>Modifier {i() + 1}</span>
                <input value={r.name} onInput={(e) => set(i(), { name: e.currentTarget.value })} />
              </label>
              <label class="field" style={{ 'max-width': '8rem' }}>
                <span>Price change</span>
                <input
                  inputMode="decimal"
                  value={r.delta}
                  onInput={(e) => set(i(), { delta: e.currentTarget.value })}
                />
              </label>
              <label class="inline-check">
                <input
                  type="checkbox"
                  checked={r.available}
                  onChange={(e) => set(i(), { available: e.currentTarget.checked })}
                />
                Available
              </label>
              <div class="mod-actions">
                <button
                  type="button"
                  class="btn"
                  disabled={i() === 0}
                  aria-label={`Move ${r.name || `modifier ${i() + 1}`} up`}
                  onClick={() => move(i(), -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  class="btn"
                  disabled={i() === rows().length - 1}
                  aria-label={`Move ${r.name || `modifier ${i() + 1}`} down`}
                  onClick={() => move(i(), 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  class="btn"
                  aria-label={`Remove ${r.name || `modifier ${i() + 1}`}`}
                  onClick={() => setRows(rows().filter((_, j) => j !== i()))}
                >
                  ×
                </button>
              </div>
            </li>
          )}
        </For>
      </ul>
      <button
        type="button"
        class="btn"
        onClick={() =>
          setRows([...rows(), { name: '', delta: toDecimalString(0, exp), available: true }])
        }
      >
        Add modifier
      </button>
      <p class="muted">
        Used by: {props.usedBy.length ? props.usedBy.join(', ') : 'no product yet'}
      </p>
    </Dialog>
  );
}
