import type { Db } from '../db/client';

export interface StationRow {
  id: string;
  name: string;
  position: number;
  printer_host: string | null;
  printer_port: number | null;
  category_ids: string[];
  created_at: Date;
  updated_at: Date;
}

const stationColumns = (db: Db) => db`
  s.id, s.name, s.position, s.printer_host, s.printer_port, s.created_at, s.updated_at,
  coalesce((select array_agg(sc.category_id order by sc.category_id) from station_categories sc
            where sc.tenant_id = s.tenant_id and sc.station_id = s.id), '{}') as category_ids`;

/** Stations by position then name: the first is the default station. */
export async function listStations(db: Db, tenantId: string): Promise<StationRow[]> {
  return db<StationRow[]>`
    select ${stationColumns(db)} from stations s
    where s.tenant_id = ${tenantId} and s.deleted_at is null
    order by s.position, s.name, s.id`;
}

export async function getStation(db: Db, tenantId: string, id: string) {
  const [row] = await db<StationRow[]>`
    select ${stationColumns(db)} from stations s
    where s.tenant_id = ${tenantId} and s.id = ${id} and s.deleted_at is null`;
  return row;
}

export async function stationNameTaken(db: Db, tenantId: string, name: string, exceptId?: string) {
  const rows = await db`
    select 1 from stations where tenant_id = ${tenantId} and lower(name) = ${name.toLowerCase()}
      and deleted_at is null ${exceptId ? db`and id <> ${exceptId}` : db``}`;
  return rows.length > 0;
}

export interface StationFields {
  name?: string;
  position?: number;
  printer_host?: string | null;
  printer_port?: number | null;
}

export async function insertStation(
  db: Db,
  tenantId: string,
  s: Required<Pick<StationFields, 'name' | 'position'>> & StationFields,
): Promise<string> {
  const [row] = await db<{ id: string }[]>`
    insert into stations (tenant_id, name, position, printer_host, printer_port)
    values (${tenantId}, ${s.name}, ${s.position}, ${s.printer_host ?? null}, ${s.printer_port ?? null})
    returning id`;
  return row!.id;
}

export async function updateStation(db: Db, tenantId: string, id: string, f: StationFields) {
  const keys = Object.keys(f) as (keyof StationFields)[];
  if (!keys.length) return;
  await db`
    update stations set ${db(f, ...keys)}, updated_at = now()
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`;
}

/** Category ids of this tenant among `ids` (the rest name nothing here: 422 for the caller). */
export async function knownCategories(db: Db, tenantId: string, ids: string[]) {
  if (!ids.length) return new Set<string>();
  const rows = await db<{ id: string }[]>`
    select id from categories where tenant_id = ${tenantId} and id = any(${ids}::uuid[])`;
  return new Set(rows.map((r) => r.id));
}

/** The station's categories become exactly `ids`; a category listed elsewhere moves here. */
export async function setStationCategories(
  tx: Db,
  tenantId: string,
  stationId: string,
  ids: string[],
) {
  await tx`delete from station_categories
           where tenant_id = ${tenantId} and station_id = ${stationId}
             and not (category_id = any(${ids}::uuid[]))`;
  if (!ids.length) return;
  const rows = ids.map((category_id) => ({
    tenant_id: tenantId,
    category_id,
    station_id: stationId,
  }));
  await tx`insert into station_categories ${tx(rows)}
           on conflict (tenant_id, category_id) do update set station_id = excluded.station_id`;
}

export async function deleteStation(tx: Db, tenantId: string, id: string) {
  const rows = await tx`update stations set deleted_at = now()
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null returning id`;
  if (!rows.length) return false;
  await tx`delete from station_categories where tenant_id = ${tenantId} and station_id = ${id}`;
  return true;
}

export interface KitchenSettingsRow {
  amber_minutes: number;
  red_minutes: number;
}

export async function getKitchenSettings(db: Db, tenantId: string): Promise<KitchenSettingsRow> {
  const [row] = await db<KitchenSettingsRow[]>`
    select amber_minutes, red_minutes from kitchen_settings where tenant_id = ${tenantId}`;
  return row ?? { amber_minutes: 8, red_minutes: 15 };
}

export async function saveKitchenSettings(db: Db, tenantId: string, s: KitchenSettingsRow) {
  await db`
    insert into kitchen_settings (tenant_id, amber_minutes, red_minutes)
    values (${tenantId}, ${s.amber_minutes}, ${s.red_minutes})
    on conflict (tenant_id) do update set amber_minutes = excluded.amber_minutes,
      red_minutes = excluded.red_minutes, updated_at = now()`;
}

export interface TicketOrderRow {
  id: string;
  ticket_number: number;
  type: 'dine_in' | 'takeaway';
  table_id: string | null;
  table_name: string | null;
  status: string;
  note: string | null;
  server: string | null;
  created_at: Date;
}

export interface TicketLineRow {
  id: string;
  order_id: string;
  position: number;
  name: string;
  quantity: number;
  modifiers: { id: string; name: string; price_delta: number }[];
  note: string | null;
  status: 'queued' | 'preparing' | 'ready' | 'served';
  station_id: string | null;
  seat: number | null;
  course: number;
  fired_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const ticketLineColumns = (db: Db) => db`
  l.id, l.order_id, l.position, l.name, l.quantity, l.modifiers, l.note, l.status, l.station_id,
  l.seat, l.course, l.fired_at, l.created_at, l.updated_at`;

/**
 * Open tickets for a station (or every station): orders not void that have a fired, unserved live
 * line, oldest first, with this station's unserved lines, held courses included so the display
 * can show what is coming (greyed, "held").
 */
export async function kitchenTickets(db: Db, tenantId: string, stationId: string | null) {
  const at = stationId ? db`and l.station_id = ${stationId}` : db``;
  const orders = await db<TicketOrderRow[]>`
    select o.id, o.ticket_number, o.type, o.table_id, t.name as table_name, o.status, o.note,
           u.name as server, o.created_at
    from orders o
    left join tables t on t.tenant_id = o.tenant_id and t.id = o.table_id
    left join users u on u.id = o.created_by and u.tenant_id = o.tenant_id
    where o.tenant_id = ${tenantId} and o.status <> 'void'
      and exists (select 1 from order_lines f
                  where f.tenant_id = o.tenant_id and f.order_id = o.id and not f.voided
                    and f.status <> 'served' and f.fired_at is not null)
      and exists (select 1 from order_lines l
                  where l.tenant_id = o.tenant_id and l.order_id = o.id and not l.voided
                    and l.status <> 'served' ${at})
    order by o.created_at, o.id limit 300`;
  if (!orders.length) return { orders, lines: [] as TicketLineRow[] };
  const lines = await db<TicketLineRow[]>`
    select ${ticketLineColumns(db)} from order_lines l
    where l.tenant_id = ${tenantId} and l.order_id = any(${orders.map((o) => o.id)}::uuid[])
      and not l.voided and l.status <> 'served' ${at}
    order by l.order_id, l.position`;
  return { orders, lines };
}

/**
 * Marks the order's fired, live lines that no ticket carried yet as ticketed and returns them
 * (with the order's header), so each line goes to its station's printer exactly once.
 */
export async function takeUnticketedLines(tx: Db, tenantId: string, orderId: string, now: Date) {
  // Both statements are issued together (one round trip, pipelined in the transaction): the order's
  // header does not depend on which lines are taken, and the update returns the lines themselves.
  const [taken, [order]] = await Promise.all([
    tx<TicketLineRow[]>`
      update order_lines l set ticketed_at = ${now}
      where l.tenant_id = ${tenantId} and l.order_id = ${orderId} and l.ticketed_at is null
        and l.fired_at is not null and not l.voided
      returning ${ticketLineColumns(tx)}`,
    tx<TicketOrderRow[]>`
      select o.id, o.ticket_number, o.type, o.table_id, t.name as table_name, o.status, o.note,
             u.name as server, o.created_at
      from orders o
      left join tables t on t.tenant_id = o.tenant_id and t.id = o.table_id
      left join users u on u.id = o.created_by and u.tenant_id = o.tenant_id
      where o.tenant_id = ${tenantId} and o.id = ${orderId}`,
  ]);
  if (!taken.length) return null;
  return { order: order!, lines: [...taken].sort((a, b) => a.position - b.position) };
}

export interface PrintJobRow {
  tenant_id: string;
  id: string;
  kind: 'ticket' | 'receipt' | 'test';
  station_id: string | null;
  order_id: string | null;
  host: string;
  port: number;
  status: 'queued' | 'printed' | 'failed';
  attempts: number;
  error: string | null;
  first_failed_at: Date | null;
  next_attempt_at: Date;
  created_at: Date;
  updated_at: Date;
  printed_at: Date | null;
}

const jobColumns = (db: Db) => db`
  tenant_id, id, kind, station_id, order_id, host, port, status, attempts, error, first_failed_at,
  next_attempt_at, created_at, updated_at, printed_at`;

export async function insertPrintJob(
  tx: Db,
  j: {
    tenantId: string;
    kind: PrintJobRow['kind'];
    stationId: string | null;
    orderId: string | null;
    host: string;
    port: number;
    payload: Uint8Array;
    now: Date;
  },
): Promise<PrintJobRow> {
  const [row] = await tx<PrintJobRow[]>`
    insert into print_jobs (tenant_id, kind, station_id, order_id, host, port, payload,
                            next_attempt_at, created_at, updated_at)
    values (${j.tenantId}, ${j.kind}, ${j.stationId}, ${j.orderId}, ${j.host}, ${j.port},
            ${j.payload}, ${j.now}, ${j.now}, ${j.now})
    returning ${jobColumns(tx)}`;
  return row!;
}

export async function listPrintJobs(
  db: Db,
  tenantId: string,
  f: { status?: string; limit: number; after?: { at: string; id: string } },
): Promise<PrintJobRow[]> {
  return db<PrintJobRow[]>`
    select ${jobColumns(db)} from print_jobs
    where tenant_id = ${tenantId}
      ${f.status ? db`and status = ${f.status}` : db``}
      ${f.after ? db`and (created_at, id) < (${f.after.at}::timestamptz, ${f.after.id}::uuid)` : db``}
    order by created_at desc, id desc limit ${f.limit}`;
}

export async function getPrintJob(db: Db, tenantId: string, id: string) {
  const [row] = await db<PrintJobRow[]>`
    select ${jobColumns(db)} from print_jobs where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

/** Back to the queue, due now, with a fresh failure window. */
export async function requeuePrintJob(db: Db, tenantId: string, id: string, now: Date) {
  const [row] = await db<PrintJobRow[]>`
    update print_jobs set status = 'queued', next_attempt_at = ${now}, first_failed_at = null,
      claimed_until = null, updated_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and status <> 'printed'
    returning ${jobColumns(db)}`;
  return row;
}

export interface ClaimedJob extends PrintJobRow {
  payload: Uint8Array;
}

/**
 * Leases due jobs for sending: per printer only its oldest queued job (tickets come out in order,
 * and a printer that is off holds back only its own queue). `tenantId` limits a bridge to its
 * tenant; the Node dispatcher passes none. A lease that runs out makes the job claimable again.
 */
export async function claimPrintJobs(
  db: Db,
  o: { tenantId?: string; now: Date; leaseMs: number; limit: number },
): Promise<ClaimedJob[]> {
  const until = new Date(o.now.getTime() + o.leaseMs);
  return db<ClaimedJob[]>`
    with heads as (
      select distinct on (tenant_id, host, port) tenant_id, id, next_attempt_at, claimed_until
      from print_jobs
      where status = 'queued' ${o.tenantId ? db`and tenant_id = ${o.tenantId}` : db``}
      order by tenant_id, host, port, created_at, id
    )
    update print_jobs j set claimed_until = ${until}, updated_at = ${o.now}
    from (select tenant_id, id from heads
          where next_attempt_at <= ${o.now} and (claimed_until is null or claimed_until < ${o.now})
          limit ${o.limit}) due
    where j.tenant_id = due.tenant_id and j.id = due.id and j.status = 'queued'
      and (j.claimed_until is null or j.claimed_until < ${o.now})
    returning j.tenant_id, j.id, j.kind, j.station_id, j.order_id, j.host, j.port, j.status,
      j.attempts, j.error, j.first_failed_at, j.next_attempt_at, j.created_at, j.updated_at,
      j.printed_at, j.payload`;
}

/** The printer took the bytes: printed, once. Acknowledging again changes nothing. */
export async function markPrinted(db: Db, tenantId: string, id: string, now: Date) {
  const [row] = await db<PrintJobRow[]>`
    update print_jobs set status = 'printed', printed_at = coalesce(printed_at, ${now}),
      claimed_until = null, error = null, updated_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and status <> 'failed'
    returning ${jobColumns(db)}`;
  return row;
}

/**
 * A send failed: count it, keep the error, wait `delayMs`, and give up (failed) once the job has
 * been failing for `failAfterMs`.
 */
export async function markSendFailed(
  db: Db,
  tenantId: string,
  id: string,
  o: { error: string; now: Date; delayMs: number; failAfterMs: number },
) {
  const [row] = await db<PrintJobRow[]>`
    update print_jobs set attempts = attempts + 1, error = ${o.error},
      first_failed_at = coalesce(first_failed_at, ${o.now}),
      next_attempt_at = ${new Date(o.now.getTime() + o.delayMs)}, claimed_until = null,
      status = case when ${o.now}::timestamptz - coalesce(first_failed_at, ${o.now})
                         >= ${`${o.failAfterMs} milliseconds`}::interval
                    then 'failed' else 'queued' end,
      updated_at = ${o.now}
    where tenant_id = ${tenantId} and id = ${id} and status = 'queued'
    returning ${jobColumns(db)}`;
  return row;
}

/** Stations whose printer is failing now: a queued job already failed, or a job given up on. */
export async function failingPrinters(db: Db, tenantId: string, since: Date) {
  return db<{ station_id: string; error: string | null; since: Date }[]>`
    select station_id, (array_agg(error order by updated_at desc))[1] as error,
           min(first_failed_at) as since
    from print_jobs
    where tenant_id = ${tenantId} and station_id is not null
      and ((status = 'queued' and attempts > 0) or (status = 'failed' and updated_at >= ${since}))
    group by station_id`;
}

export interface BridgeRow {
  id: string;
  name: string;
  created_at: Date;
  last_seen_at: Date | null;
}

export async function insertBridge(db: Db, tenantId: string, name: string, tokenHash: string) {
  const [row] = await db<BridgeRow[]>`
    insert into print_bridges (tenant_id, name, token_hash) values (${tenantId}, ${name}, ${tokenHash})
    returning id, name, created_at, last_seen_at`;
  return row!;
}

export async function listBridges(db: Db, tenantId: string) {
  return db<BridgeRow[]>`
    select id, name, created_at, last_seen_at from print_bridges
    where tenant_id = ${tenantId} and revoked_at is null order by name, id`;
}

export async function revokeBridge(db: Db, tenantId: string, id: string) {
  const rows = await db`update print_bridges set revoked_at = now()
    where tenant_id = ${tenantId} and id = ${id} and revoked_at is null returning id`;
  return rows.length > 0;
}

/** The bridge a token belongs to (live ones only); records that it was seen. */
export async function bridgeByToken(db: Db, tokenHash: string, now: Date) {
  const [row] = await db<{ id: string; tenant_id: string }[]>`
    update print_bridges set last_seen_at = ${now}
    where token_hash = ${tokenHash} and revoked_at is null
    returning id, tenant_id`;
  return row;
}

/** Fires the held lines of one course; returns how many live lines the course has and fired now. */
export async function fireCourse(
  tx: Db,
  tenantId: string,
  orderId: string,
  course: number,
  now: Date,
) {
  const [row] = await tx<{ live: number; fired: number }[]>`
    with fired as (
      update order_lines set fired_at = ${now}, updated_at = ${now}
      where tenant_id = ${tenantId} and order_id = ${orderId} and course = ${course}
        and fired_at is null and not voided
      returning id
    )
    select (select count(*)::int from order_lines
             where tenant_id = ${tenantId} and order_id = ${orderId} and course = ${course}
               and not voided) as live,
           (select count(*)::int from fired) as fired`;
  return row!;
}
