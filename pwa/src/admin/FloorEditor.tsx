import { createMemo, createSignal, For, Show } from 'solid-js';
import { ApiError, api } from '../api/client';
import type { FloorArea, FloorTable } from '../offline/floor';
import '../screens/floor.css';

type Layout = FloorTable['layout'];

/** Keeps a table on the 100 × 100 grid, in whole units. */
export function clampLayout(l: Layout): Layout {
  const w = Math.max(1, Math.min(100, Math.round(l.w)));
  const h = Math.max(1, Math.min(100, Math.round(l.h)));
  return {
    ...l,
    w,
    h,
    x: Math.max(0, Math.min(100 - w, Math.round(l.x))),
    y: Math.max(0, Math.min(100 - h, Math.round(l.y))),
  };
}

/**
 * The owner's floor editor: drag a table to where it stands (or move it with the arrow keys),
 * pick round or square and its size; every change is saved to the table's `layout` at once and
 * reaches every floor plan live.
 */
export function FloorEditor() {
  const [areas, setAreas] = createSignal<FloorArea[]>([]);
  const [areaIndex, setAreaIndex] = createSignal(0);
  const [selected, setSelected] = createSignal<string | null>(null);
  const [status, setStatus] = createSignal('');
  let canvas!: HTMLDivElement;

  const load = async () => setAreas((await api<{ areas: FloorArea[] }>('GET', '/floor')).areas);
  void load();
  const current = createMemo(() => areas()[Math.min(areaIndex(), areas().length - 1)]);
  const table = () => current()?.tables.find((t) => t.id === selected());

  const setLayout = (id: string, layout: Layout) =>
    setAreas((as) =>
      as.map((a) => ({
        ...a,
        tables: a.tables.map((t) => (t.id === id ? { ...t, layout: clampLayout(layout) } : t)),
      })),
    );
  const save = async (t: FloorTable) => {
    try {
      await api('PATCH', `/tables/${t.id}`, { layout: clampLayout(t.layout) });
      setStatus(`Saved ${t.name}.`);
    } catch (e) {
      setStatus(e instanceof ApiError ? e.message : 'Not saved: no network.');
    }
  };
  const saveId = (id: string) => {
    const t = current()?.tables.find((x) => x.id === id);
    if (t) void save(t);
  };

  let drag: { id: string; dx: number; dy: number } | null = null;
  const unit = () => canvas.getBoundingClientRect().width / 100;
  const onDown = (e: PointerEvent, t: FloorTable) => {
    setSelected(t.id);
    const r = canvas.getBoundingClientRect();
    drag = {
      id: t.id,
      dx: (e.clientX - r.left) / unit() - t.layout.x,
      dy: (e.clientY - r.top) / unit() - t.layout.y,
    };
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
  };
  const onMove = (e: PointerEvent, t: FloorTable) => {
    if (drag?.id !== t.id) return;
    const r = canvas.getBoundingClientRect();
    setLayout(t.id, {
      ...t.layout,
      x: (e.clientX - r.left) / unit() - drag.dx,
      y: (e.clientY - r.top) / unit() - drag.dy,
    });
  };
  const onUp = (t: FloorTable) => {
    if (drag?.id !== t.id) return;
    drag = null;
    saveId(t.id);
  };
  const onKey = (e: KeyboardEvent, t: FloorTable) => {
    const step: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const d = step[e.key];
    if (!d) return;
    e.preventDefault();
    setLayout(t.id, { ...t.layout, x: t.layout.x + d[0], y: t.layout.y + d[1] });
    saveId(t.id);
  };
  const change = (patch: Partial<Layout>) => {
    const t = table();
    if (!t) return;
    setLayout(t.id, { ...t.layout, ...patch });
    saveId(t.id);
  };

  return (
    <div class="floor floor-editor">
      <h2>Floor plan</h2>
      <p class="muted">Drag a table to where it stands, or select it and use the arrow keys.</p>
      <div class="tabs" role="tablist" aria-label="Areas">
        <For each={areas()}>
          {(a, i) => (
            <button
              type="button"
              role="tab"
              class="tab"
              aria-selected={areaIndex() === i()}
              onClick={() => setAreaIndex(i())}
            >
              {a.name ?? 'Floor'}
            </button>
          )}
        </For>
      </div>
      <div class="floor-canvas" ref={canvas} role="tabpanel" aria-label="Floor layout">
        <For each={current()?.tables ?? []}>
          {(t) => (
            <button
              type="button"
              class={`floor-table status-free shape-${t.layout.shape}`}
              classList={{ selected: selected() === t.id }}
              style={{
                left: `${t.layout.x}%`,
                top: `${t.layout.y}%`,
                width: `${t.layout.w}%`,
                height: `${t.layout.h}%`,
                'touch-action': 'none',
              }}
              aria-label={`${t.name} at ${t.layout.x}, ${t.layout.y}`}
              aria-pressed={selected() === t.id}
              onPointerDown={(e) => onDown(e, t)}
              onPointerMove={(e) => onMove(e, t)}
              onPointerUp={() => onUp(t)}
              onKeyDown={(e) => onKey(e, t)}
              onClick={() => setSelected(t.id)}
            >
              <span class="ft-name">{t.name}</span>
            </button>
          )}
        </For>
      </div>
      <Show when={table()}>
        {(t) => (
          <div class="row">
            <strong>{t().name}</strong>
            <button
              type="button"
              class="btn"
              onClick={() => change({ shape: t().layout.shape === 'round' ? 'rect' : 'round' })}
            >
              {t().layout.shape === 'round' ? 'Make it square' : 'Make it round'}
            </button>
            <button
              type="button"
              class="btn"
              onClick={() => change({ w: t().layout.w - 2, h: t().layout.h - 2 })}
            >
              Smaller
            </button>
            <button
              type="button"
              class="btn"
              onClick={() => change({ w: t().layout.w + 2, h: t().layout.h + 2 })}
            >
              Larger
            </button>
          </div>
        )}
      </Show>
      <p role="status" class="muted">
        {status()}
      </p>
    </div>
  );
}
