import type { TicketLineRow, TicketOrderRow } from './store';

export const ticketLineView = (l: TicketLineRow) => ({
  id: l.id,
  name: l.name,
  quantity: l.quantity,
  modifiers: l.modifiers.map((m) => ({ id: m.id, name: m.name })),
  note: l.note,
  status: l.status,
  station_id: l.station_id,
  seat: l.seat,
  course: l.course,
  fired_at: l.fired_at,
  /** A later course not fired yet: the display greys it, and it prints when fired. */
  held: l.fired_at === null,
  created_at: l.created_at,
});

/** Tickets oldest first, each with only the lines the query selected, in the order they were rung. */
export function ticketsView(orders: TicketOrderRow[], lines: TicketLineRow[]) {
  return orders.map((o) => ({
    id: o.id,
    order_id: o.id,
    ticket_number: o.ticket_number,
    type: o.type,
    table: o.table_id ? { id: o.table_id, name: o.table_name } : null,
    server: o.server,
    note: o.note,
    status: o.status,
    created_at: o.created_at,
    lines: lines.filter((l) => l.order_id === o.id).map(ticketLineView),
  }));
}

export type KitchenTicketView = ReturnType<typeof ticketsView>[number];
