import type { ModifierInput } from './schemas';

export interface ModifierRow {
  id: string;
  name: string;
  price_delta: number;
  available: boolean;
  position: number;
}

export type ModifierPlan =
  | {
      ok: true;
      /** Existing modifiers the list names by id: updated in place, ids kept. */
      update: ModifierRow[];
      /** New modifiers (no id in the request): the store gives them ids. */
      insert: Omit<ModifierRow, 'id'>[];
      /** Existing modifiers the list leaves out: archived (orders may name them). */
      archive: string[];
      /** Modifiers whose price_delta changed, for the audit log. */
      repriced: { id: string; from: number; to: number }[];
    }
  | { ok: false; unknown: { index: number; id: string }[] };

/**
 * A PATCH that sends `modifiers` replaces the list: ids sent keep their modifier, entries without
 * an id are new, existing ones left out go. An id that is not one of this group's modifiers is
 * refused (the route answers 422, as for any id that names nothing of the tenant).
 */
export function planModifiers(existing: ModifierRow[], sent: ModifierInput[]): ModifierPlan {
  const byId = new Map(existing.map((m) => [m.id, m]));
  const unknown = sent.flatMap((m, index) =>
    m.id !== undefined && !byId.has(m.id) ? [{ index, id: m.id }] : [],
  );
  if (unknown.length) return { ok: false, unknown };
  const update: ModifierRow[] = [];
  const insert: Omit<ModifierRow, 'id'>[] = [];
  const repriced: { id: string; from: number; to: number }[] = [];
  sent.forEach((m, position) => {
    const fields = { name: m.name, price_delta: m.price_delta, available: m.available, position };
    if (m.id === undefined) {
      insert.push(fields);
      return;
    }
    const before = byId.get(m.id)!;
    if (before.price_delta !== m.price_delta) {
      repriced.push({ id: m.id, from: before.price_delta, to: m.price_delta });
    }
    update.push({ id: m.id, ...fields });
  });
  const kept = new Set(update.map((m) => m.id));
  const archive = existing.filter((m) => !kept.has(m.id)).map((m) => m.id);
  return { ok: true, update, insert, archive, repriced };
}
