import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { requireAuth, requireRole } from '../auth/middleware';
import type { AppEnv } from '../common/env';
import { conflict, notFound } from '../common/errors';
import { appendEvent } from '../common/events';
import { pathId } from '../common/ids';
import { decodeCursor, page } from '../common/pagination';
import { lockTenant } from '../common/tenant-lock';
import { validate } from '../common/validate';
import type { Db } from '../db/client';
import type { StreamEvent } from '../platform';
import { floorViews } from './floor';
import { publicMenu } from './public-menu';
import { newQrToken, qrSvg, tableUrl } from './qr';
import { createTable, patchTable, tableListQuery } from './schemas';
import {
  deleteTable,
  getTable,
  insertTable,
  listTables,
  nameTaken,
  rotateQr,
  type TableRow,
  updateTable,
} from './store';

const view = (t: TableRow, publicUrl: string) => ({
  id: t.id,
  name: t.name,
  area: t.area,
  seats: t.seats,
  position: t.position,
  layout: t.layout,
  qr_token: t.qr_token,
  qr_url: tableUrl(publicUrl, t.qr_token),
  updated_at: t.updated_at,
});

const cursorSchema = z.object({
  position: z.number().int(),
  name: z.string(),
  id: z.string().uuid(),
});
const nameConflict = () => conflict('Another table already has that name.', 'name-taken');

/**
 * Writes a table change and its `table.updated` event in one transaction, then publishes the event.
 * The event carries no QR token: screens don't need it, and events outlive rotations.
 */
async function tableWrite(
  c: Context<AppEnv>,
  op: 'created' | 'updated' | 'deleted' | 'qr_rotated',
  fn: (tx: Db) => Promise<TableRow | { id: string }>,
): Promise<TableRow | { id: string }> {
  const tenantId = c.get('principal').tenantId;
  const { row, event } = await c.get('sql').begin(async (tx) => {
    const row = await fn(tx);
    // The floor's view of the table (status, orders, layout), so a floor plan applies it as is.
    const [table] = 'name' in row ? await floorViews(tx, tenantId, [row.id]) : [];
    const data = table ? { op, table } : { op, table: { id: row.id, deleted: true } };
    const event = await appendEvent(tx, tenantId, 'table.updated', data);
    return { row, event };
  });
  try {
    await c.get('platform').hub.publish(tenantId, [event as StreamEvent]);
  } catch (e) {
    console.warn(`[${c.get('requestId')}] hub publish failed`, e);
  }
  return row as TableRow | { id: string };
}

/** /tables: every role reads (waiters pick tables); owner and manager write. */
export const tables = new Hono<AppEnv>();
tables.use(requireAuth);
const writers = requireRole('owner', 'manager');
const publicUrl = (c: Context<AppEnv>) => c.get('platform').config.PUBLIC_URL;

tables.get('/', validate('query', tableListQuery), async (c) => {
  const { limit, cursor } = c.req.valid('query');
  const after = decodeCursor(cursor, cursorSchema);
  const rows = await listTables(c.get('sql'), c.get('principal').tenantId, limit + 1, after);
  const p = page(rows, limit, (t) => ({ position: t.position, name: t.name, id: t.id }));
  return c.json({ data: p.data.map((t) => view(t, publicUrl(c))), next_cursor: p.next_cursor });
});

tables.get('/:id', async (c) => {
  const t = await getTable(
    c.get('sql'),
    c.get('principal').tenantId,
    pathId(c.req.param('id'), 'Table'),
  );
  if (!t) throw notFound('Table');
  return c.json(view(t, publicUrl(c)));
});

tables.get('/:id/qr.svg', async (c) => {
  const t = await getTable(
    c.get('sql'),
    c.get('principal').tenantId,
    pathId(c.req.param('id'), 'Table'),
  );
  if (!t) throw notFound('Table');
  const svg = await qrSvg(tableUrl(publicUrl(c), t.qr_token));
  return c.body(svg, 200, {
    'Content-Type': 'image/svg+xml; charset=utf-8',
    'Cache-Control': 'private, no-cache',
  });
});

tables.post('/', writers, validate('json', createTable), async (c) => {
  const body = c.req.valid('json');
  const tenantId = c.get('principal').tenantId;
  const row = await tableWrite(c, 'created', async (tx) => {
    await lockTenant(tx, tenantId);
    if (await nameTaken(tx, tenantId, body.name)) throw nameConflict();
    return insertTable(tx, tenantId, {
      name: body.name,
      area: body.area ?? null,
      seats: body.seats ?? null,
      position: body.position ?? 0,
      layout: body.layout ?? null,
      qrToken: newQrToken(),
    });
  });
  return c.json(view(row as TableRow, publicUrl(c)), 201);
});

tables.patch('/:id', writers, validate('json', patchTable), async (c) => {
  const id = pathId(c.req.param('id'), 'Table');
  const body = c.req.valid('json');
  const tenantId = c.get('principal').tenantId;
  const row = await tableWrite(c, 'updated', async (tx) => {
    await lockTenant(tx, tenantId);
    if (!(await getTable(tx, tenantId, id))) throw notFound('Table');
    if (body.name && (await nameTaken(tx, tenantId, body.name, id))) throw nameConflict();
    return (await updateTable(tx, tenantId, id, body))!;
  });
  return c.json(view(row as TableRow, publicUrl(c)));
});

/** The old token stops working at once: the next guest request with it is a 404. */
tables.post('/:id/rotate-qr', writers, async (c) => {
  const id = pathId(c.req.param('id'), 'Table');
  const tenantId = c.get('principal').tenantId;
  const row = await tableWrite(c, 'qr_rotated', async (tx) => {
    const t = await rotateQr(tx, tenantId, id, newQrToken());
    if (!t) throw notFound('Table');
    return t;
  });
  return c.json(view(row as TableRow, publicUrl(c)));
});

/** Soft delete: orders keep their table; the QR code dies with it. */
tables.delete('/:id', writers, async (c) => {
  const id = pathId(c.req.param('id'), 'Table');
  const tenantId = c.get('principal').tenantId;
  await tableWrite(c, 'deleted', async (tx) => {
    if (!(await deleteTable(tx, tenantId, id, `deleted_${newQrToken()}`))) throw notFound('Table');
    return { id };
  });
  return c.body(null, 204);
});

/**
 * GET /public/tables/{qr_token}: the guest menu, no login. Reading the menu stays allowed when the
 * tenant turns `qr_ordering` off (a menu on the table is still useful); `tenant.qr_ordering` tells
 * the guest page whether to offer "Place order", and ordering itself answers 403 then.
 */
export const publicTables = new Hono<AppEnv>();
publicTables.get('/tables/:qr_token', async (c) => {
  const menu = await publicMenu(c.get('sql'), c.req.param('qr_token'), publicUrl(c));
  if (!menu) throw notFound('Table');
  c.header('Cache-Control', 'no-cache');
  return c.json(menu);
});
