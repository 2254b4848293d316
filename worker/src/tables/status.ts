/**
 * The floor plan's view of a table: its status from the orders it holds, and where it is drawn.
 * Pure functions over plain rows; the store reads them, the routes and events send the result.
 */

export type TableStatus = 'free' | 'ordered' | 'served' | 'billing' | 'paid';

export interface Layout {
  x: number;
  y: number;
  w: number;
  h: number;
  shape: 'rect' | 'round';
  rotation: number;
}

/** An order a table holds: open or paid, not yet closed (closed and void orders free it). */
export interface HeldOrder {
  id: string;
  ticket_number: number;
  status: 'open' | 'paid';
  total: number;
  paid_total: number;
  pending_total: number;
  created_at: Date;
  /** Kitchen status of each live (not void) line. */
  line_statuses: string[];
}

/**
 * `free` with no order; `paid` when every order is paid but not closed; `billing` when an open
 * order has a payment pending or part paid; `served` when every live line of the open orders is
 * served; else `ordered`. Billing outranks served: the party is settling up.
 */
export function tableStatus(orders: HeldOrder[]): TableStatus {
  if (!orders.length) return 'free';
  const open = orders.filter((o) => o.status === 'open');
  if (!open.length) return 'paid';
  if (open.some((o) => o.pending_total > 0 || o.paid_total > 0)) return 'billing';
  const lines = open.flatMap((o) => o.line_statuses);
  if (lines.length && lines.every((s) => s === 'served')) return 'served';
  return 'ordered';
}

/**
 * Where a table without a saved layout is drawn: a grid of 4-unit-gap squares, six to a row, in
 * the area's table order, so a new floor is usable before anyone arranges it.
 */
export function defaultLayout(index: number): Layout {
  const perRow = 6;
  return {
    x: 2 + (index % perRow) * 16,
    y: 2 + Math.floor(index / perRow) * 16,
    w: 12,
    h: 12,
    shape: 'rect',
    rotation: 0,
  };
}

export interface FloorTableRow {
  id: string;
  name: string;
  area: string | null;
  seats: number | null;
  position: number;
  layout: Layout | null;
}

export interface FloorTable {
  id: string;
  name: string;
  area: string | null;
  seats: number | null;
  layout: Layout;
  status: TableStatus;
  orders: { id: string; ticket_number: number; total: number; balance: number; created_at: Date }[];
  /** When the oldest order the table holds began (null when free). */
  since: Date | null;
}

/** One table as the floor shows it; `index` is its place in its area (for the default layout). */
export function floorTable(t: FloorTableRow, held: HeldOrder[], index: number): FloorTable {
  const sorted = [...held].sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
  return {
    id: t.id,
    name: t.name,
    area: t.area,
    seats: t.seats,
    layout: t.layout ?? defaultLayout(index),
    status: tableStatus(sorted),
    orders: sorted.map((o) => ({
      id: o.id,
      ticket_number: o.ticket_number,
      total: o.total,
      balance: o.total - o.paid_total,
      created_at: o.created_at,
    })),
    since: sorted[0]?.created_at ?? null,
  };
}

/**
 * Groups tables by area (tables without one under `null`), areas in the order of their first
 * table, tables by position then name (the order the store reads them in).
 */
export function floorAreas(tables: FloorTableRow[], held: Map<string, HeldOrder[]>) {
  const areas: { name: string | null; tables: FloorTable[] }[] = [];
  for (const t of tables) {
    let area = areas.find((a) => a.name === t.area);
    if (!area) {
      area = { name: t.area, tables: [] };
      areas.push(area);
    }
    area.tables.push(floorTable(t, held.get(t.id) ?? [], area.tables.length));
  }
  return areas;
}
