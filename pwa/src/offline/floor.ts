import type { FloorTable as ServerFloorTable } from '../../../worker/src/tables/status';

/**
 * The floor plan as the PWA keeps it: the last floor the server sent (cached per tenant, so the
 * floor works offline from what it last saw), updated by `table.updated` events and by the
 * moves and merges this device queued but has not sent yet.
 */
export type FloorTable = Omit<ServerFloorTable, 'since' | 'orders'> & {
  since: string | null;
  orders: {
    id: string;
    ticket_number: number;
    total: number;
    balance: number;
    created_at: string;
  }[];
};
export interface FloorArea {
  name: string | null;
  tables: FloorTable[];
}
export type TableStatus = FloorTable['status'];

const key = (tenantId: string) => `comanda.floor.${tenantId}`;

export function loadCachedFloor(tenantId: string): FloorArea[] {
  try {
    return JSON.parse(localStorage.getItem(key(tenantId)) ?? '[]') as FloorArea[];
  } catch {
    return [];
  }
}

export function saveCachedFloor(tenantId: string, areas: FloorArea[]): void {
  localStorage.setItem(key(tenantId), JSON.stringify(areas));
}

/** Applies one `table.updated` event: the table as the server now sees it (or gone). */
export function applyTableUpdate(
  areas: FloorArea[],
  table: FloorTable | { id: string; deleted: true },
): FloorArea[] {
  const without = areas.map((a) => ({ ...a, tables: a.tables.filter((t) => t.id !== table.id) }));
  if ('deleted' in table) return without.filter((a) => a.tables.length);
  const at = areas.find((a) => a.tables.some((t) => t.id === table.id));
  const index = at?.tables.findIndex((t) => t.id === table.id) ?? -1;
  const target = without.find((a) => a.name === table.area);
  if (!target) return [...without, { name: table.area, tables: [table] }];
  return without.map((a) =>
    a === target
      ? {
          ...a,
          tables:
            at?.name === table.area && index >= 0
              ? [...a.tables.slice(0, index), table, ...a.tables.slice(index)]
              : [...a.tables, table],
        }
      : a,
  );
}

/** What a move looks like before the server confirms it: the order changes tables. */
export function applyLocalMove(areas: FloorArea[], orderId: string, toTableId: string) {
  let moved: FloorTable['orders'][number] | undefined;
  const out = areas.map((a) => ({
    ...a,
    tables: a.tables.map((t) => {
      const o = t.orders.find((x) => x.id === orderId);
      if (!o) return t;
      moved = o;
      const orders = t.orders.filter((x) => x.id !== orderId);
      return {
        ...t,
        orders,
        status: orders.length ? t.status : ('free' as const),
        since: orders[0]?.created_at ?? null,
      };
    }),
  }));
  if (!moved) return areas;
  const m = moved;
  return out.map((a) => ({
    ...a,
    tables: a.tables.map((t) =>
      t.id === toTableId
        ? {
            ...t,
            orders: [...t.orders, m].sort((x, y) => x.created_at.localeCompare(y.created_at)),
            status: t.status === 'free' ? ('ordered' as const) : t.status,
            since: t.since && t.since < m.created_at ? t.since : m.created_at,
          }
        : t,
    ),
  }));
}

/** What a merge looks like before the server confirms it: the sources' totals join the target. */
export function applyLocalMerge(areas: FloorArea[], targetId: string, sourceIds: string[]) {
  const all = areas.flatMap((a) => a.tables.flatMap((t) => t.orders));
  const add = all.filter((o) => sourceIds.includes(o.id));
  const plus = (k: 'total' | 'balance') => add.reduce((s, o) => s + o[k], 0);
  return areas.map((a) => ({
    ...a,
    tables: a.tables.map((t) => {
      const orders = t.orders
        .filter((o) => !sourceIds.includes(o.id))
        .map((o) =>
          o.id === targetId
            ? { ...o, total: o.total + plus('total'), balance: o.balance + plus('balance') }
            : o,
        );
      if (orders.length === t.orders.length && !t.orders.some((o) => o.id === targetId)) return t;
      return {
        ...t,
        orders,
        status: orders.length ? t.status : ('free' as const),
        since: orders[0]?.created_at ?? null,
      };
    }),
  }));
}

/** "5 min", "1 h 20": how long the table has been busy. */
export function age(since: string | null, now: number): string {
  if (!since) return '';
  const min = Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')}`;
}

export const statusLabel: Record<TableStatus, string> = {
  free: 'free',
  ordered: 'ordered',
  served: 'served',
  billing: 'billing',
  paid: 'paid',
};
