import type { Db } from '../db/client';

export interface TableRow {
  id: string;
  name: string;
  area: string | null;
  seats: number | null;
  position: number;
  qr_token: string;
  created_at: Date;
  updated_at: Date;
}

const columns = (db: Db) => db`id, name, area, seats, position, qr_token, created_at, updated_at`;

export async function listTables(
  db: Db,
  tenantId: string,
  limit: number,
  after?: { position: number; name: string; id: string },
): Promise<TableRow[]> {
  return db<TableRow[]>`
    select ${columns(db)} from tables
    where tenant_id = ${tenantId} and deleted_at is null
      ${after ? db`and (position, name, id) > (${after.position}, ${after.name}, ${after.id})` : db``}
    order by position, name, id limit ${limit}`;
}

export async function getTable(db: Db, tenantId: string, id: string) {
  const [row] = await db<TableRow[]>`
    select ${columns(db)} from tables
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`;
  return row;
}

/** Another live table of the tenant with this name (case-insensitive)? */
export async function nameTaken(db: Db, tenantId: string, name: string, exceptId?: string) {
  const rows = await db`
    select 1 from tables where tenant_id = ${tenantId} and lower(name) = ${name.toLowerCase()}
      and deleted_at is null ${exceptId ? db`and id <> ${exceptId}` : db``}`;
  return rows.length > 0;
}

export async function insertTable(
  db: Db,
  tenantId: string,
  t: { name: string; area: string | null; seats: number | null; position: number; qrToken: string },
): Promise<TableRow> {
  const [row] = await db<TableRow[]>`
    insert into tables (tenant_id, name, area, seats, position, qr_token)
    values (${tenantId}, ${t.name}, ${t.area}, ${t.seats}, ${t.position}, ${t.qrToken})
    returning ${columns(db)}`;
  return row!;
}

export async function updateTable(
  db: Db,
  tenantId: string,
  id: string,
  patch: { name?: string; area?: string | null; seats?: number | null; position?: number },
): Promise<TableRow | undefined> {
  const [row] = await db<TableRow[]>`
    update tables set ${db(patch, ...(Object.keys(patch) as (keyof typeof patch)[]))},
      updated_at = now()
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null
    returning ${columns(db)}`;
  return row;
}

export async function rotateQr(db: Db, tenantId: string, id: string, token: string) {
  const [row] = await db<TableRow[]>`
    update tables set qr_token = ${token}, updated_at = now()
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null
    returning ${columns(db)}`;
  return row;
}

/**
 * Soft delete (orders will name their table). The token is replaced too, so the printed code is
 * dead at once and can never match again.
 */
export async function deleteTable(db: Db, tenantId: string, id: string, tombToken: string) {
  const rows = await db`
    update tables set deleted_at = now(), updated_at = now(), qr_token = ${tombToken}
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null
    returning id`;
  return rows.length > 0;
}

/** The live table behind a QR token, with its tenant. */
export async function tableByToken(db: Db, token: string) {
  const [row] = await db<{ id: string; tenant_id: string; name: string }[]>`
    select id, tenant_id, name from tables where qr_token = ${token} and deleted_at is null`;
  return row;
}
