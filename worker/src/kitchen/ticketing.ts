import type { Db } from '../db/client';
import type { Tenant } from '../tenants/store';
import { kitchenTicketBytes, type TicketLine } from './escpos';
import { insertPrintJob, listStations, type TicketLineRow, takeUnticketedLines } from './store';

/**
 * Puts the order's new or newly fired lines on their stations' printers, inside the caller's
 * transaction: the jobs commit with the lines or not at all. Each line is ticketed once; stations
 * without a printer only mark theirs (they read the display). Returns the jobs created.
 */
export async function ticketNewLines(
  tx: Db,
  tenant: Pick<Tenant, 'id' | 'timezone'>,
  orderId: string,
  now: Date,
  firedCourse: number | null = null,
) {
  // The stations are read alongside the take (one round trip): they do not depend on it.
  const [taken, stations] = await Promise.all([
    takeUnticketedLines(tx, tenant.id, orderId, now),
    listStations(tx, tenant.id),
  ]);
  if (!taken) return [];
  const printers = new Map(
    stations.filter((s) => s.printer_host && s.printer_port).map((s) => [s.id, s]),
  );
  const jobs: Promise<Awaited<ReturnType<typeof insertPrintJob>>>[] = [];
  for (const [stationId, lines] of groupByStation(taken.lines)) {
    const station = stationId ? printers.get(stationId) : undefined;
    if (!station) continue;
    const payload = kitchenTicketBytes({
      station: station.name,
      ticketNumber: taken.order.ticket_number,
      table: taken.order.table_name,
      takeaway: taken.order.type === 'takeaway',
      server: taken.order.server,
      at: now,
      timezone: tenant.timezone,
      orderNote: taken.order.note,
      firedCourse,
      lines: lines.map(toTicketLine),
    });
    // Issued without waiting for each other: one round trip for every station's job.
    jobs.push(
      insertPrintJob(tx, {
        tenantId: tenant.id,
        kind: 'ticket',
        stationId: station.id,
        orderId,
        host: station.printer_host!,
        port: station.printer_port!,
        payload,
        now,
      }),
    );
  }
  return Promise.all(jobs);
}

export function groupByStation<L extends { station_id: string | null }>(lines: L[]) {
  const out = new Map<string | null, L[]>();
  for (const l of lines) out.set(l.station_id, [...(out.get(l.station_id) ?? []), l]);
  return out;
}

export const toTicketLine = (l: TicketLineRow): TicketLine => ({
  quantity: l.quantity,
  name: l.name,
  seat: l.seat,
  course: l.course,
  modifiers: l.modifiers.map((m) => m.name),
  note: l.note,
});
