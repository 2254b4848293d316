import { appendEvent } from '../common/events';
import type { Db } from '../db/client';
import type { StreamEvent } from '../platform';
import { type FloorTable, floorAreas, floorTable } from './status';
import { floorTables, heldOrders, tablesOfOrders } from './store';

/** GET /floor: every live table by area, with its status and the orders it holds. */
export async function readFloor(db: Db, tenantId: string) {
  const [tables, held] = await Promise.all([floorTables(db, tenantId), heldOrders(db, tenantId)]);
  return floorAreas(tables, held);
}

/** The floor view of some tables (index within their area kept, for the default layout). */
export async function floorViews(db: Db, tenantId: string, ids: string[]): Promise<FloorTable[]> {
  if (!ids.length) return [];
  const all = await floorTables(db, tenantId);
  const held = await heldOrders(db, tenantId, ids);
  const out: FloorTable[] = [];
  const seenInArea = new Map<string | null, number>();
  for (const t of all) {
    const index = seenInArea.get(t.area) ?? 0;
    seenInArea.set(t.area, index + 1);
    if (ids.includes(t.id)) out.push(floorTable(t, held.get(t.id) ?? [], index));
  }
  return out;
}

/**
 * Appends `table.updated` (with the table's new status and orders) for every table the given
 * order events touch, plus `extraTableIds` (the table an order left). Call it in the writing
 * transaction, after the order events, so a floor plan follows every order change live.
 */
export async function tableEventsFor(
  tx: Db,
  tenantId: string,
  events: StreamEvent[],
  extraTableIds: (string | null | undefined)[] = [],
): Promise<StreamEvent[]> {
  const orderIds = new Set<string>();
  for (const e of events) {
    if (!e.type.startsWith('order.')) continue;
    const d = e.data as { order?: { id?: string }; order_id?: string };
    const id = d.order?.id ?? d.order_id;
    if (id) orderIds.add(id);
  }
  const tableIds = new Set(await tablesOfOrders(tx, tenantId, [...orderIds]));
  for (const t of extraTableIds) if (t) tableIds.add(t);
  const out: StreamEvent[] = [];
  for (const table of await floorViews(tx, tenantId, [...tableIds])) {
    out.push(await appendEvent(tx, tenantId, 'table.updated', { op: 'status', table }));
  }
  return out;
}
