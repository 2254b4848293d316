import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { requireAuth, requireRole } from '../auth/middleware';
import type { AppEnv } from '../common/env';
import { conflict, notFound, unauthorized, unprocessable } from '../common/errors';
import { appendEvent } from '../common/events';
import { pathId, randomToken, sha256Hex } from '../common/ids';
import { decodeCursor, page, timeCursor } from '../common/pagination';
import { publishCommitted } from '../common/publish';
import { lockTenant } from '../common/tenant-lock';
import { validate } from '../common/validate';
import type { Db } from '../db/client';
import { now, tenantOf } from '../orders/context';
import { receiptData } from '../orders/receipt';
import { ORDER_WRITERS } from '../orders/routes';
import { getOrder, lockOrder } from '../orders/store';
import { orderView } from '../orders/view';
import { orderPayments, orderRefunds } from '../payments/store';
import { FAIL_AFTER_MS, LEASE_MS, retryDelayMs } from './backoff';
import { receiptBytes, testPageBytes } from './escpos';
import { recordPrinted, recordSendFailed } from './print-outcome';
import {
  claimBody,
  createBridge,
  createStation,
  failBody,
  fireBody,
  kitchenSettings,
  patchStation,
  printJobsQuery,
  printReceiptBody,
  ticketsQuery,
} from './schemas';
import {
  bridgeByToken,
  claimPrintJobs,
  deleteStation,
  failingPrinters,
  fireCourse,
  getKitchenSettings,
  getPrintJob,
  getStation,
  insertBridge,
  insertPrintJob,
  insertStation,
  kitchenTickets,
  knownCategories,
  listBridges,
  listPrintJobs,
  listStations,
  type PrintJobRow,
  requeuePrintJob,
  revokeBridge,
  type StationFields,
  type StationRow,
  saveKitchenSettings,
  setStationCategories,
  stationNameTaken,
  updateStation,
} from './store';
import { ticketNewLines } from './ticketing';
import { ticketsView } from './view';

const MANAGERS = requireRole('owner', 'manager');

export const stationView = (s: StationRow) => ({
  id: s.id,
  name: s.name,
  position: s.position,
  category_ids: s.category_ids,
  printer: s.printer_host ? { host: s.printer_host, port: s.printer_port } : null,
  created_at: s.created_at,
  updated_at: s.updated_at,
});

export const printJobView = (j: PrintJobRow) => ({
  id: j.id,
  kind: j.kind,
  station_id: j.station_id,
  order_id: j.order_id,
  printer: { host: j.host, port: j.port },
  status: j.status,
  attempts: j.attempts,
  error: j.error,
  next_attempt_at: j.status === 'queued' ? j.next_attempt_at : null,
  created_at: j.created_at,
  printed_at: j.printed_at,
});

const nameConflict = () => conflict('Another station already has that name.', 'name-taken');

async function assertCategories(db: Db, tenantId: string, ids: string[] | undefined) {
  if (!ids?.length) return;
  const known = await knownCategories(db, tenantId, ids);
  const errors = ids
    .map((id, i) => ({ id, i }))
    .filter((x) => !known.has(x.id))
    .map((x) => ({ path: `category_ids.${x.i}`, message: 'names no category of this tenant' }));
  if (errors.length) throw unprocessable('Unknown category.', errors);
}

const printerFields = (p: { host: string; port: number } | null | undefined): StationFields =>
  p === undefined ? {} : { printer_host: p?.host ?? null, printer_port: p?.port ?? null };

/** /stations: every staff role reads (displays pick one); owner and manager write. */
export const stations = new Hono<AppEnv>();
stations.use(requireAuth);

stations.get('/', async (c) => {
  const rows = await listStations(c.get('sql'), c.get('principal').tenantId);
  return c.json({ data: rows.map(stationView), next_cursor: null });
});

stations.get('/:id', async (c) => {
  const s = await getStation(
    c.get('sql'),
    c.get('principal').tenantId,
    pathId(c.req.param('id'), 'Station'),
  );
  if (!s) throw notFound('Station');
  return c.json(stationView(s));
});

stations.post('/', MANAGERS, validate('json', createStation), async (c) => {
  const body = c.req.valid('json');
  const tenantId = c.get('principal').tenantId;
  const row = await c.get('sql').begin(async (tx) => {
    // Serialises a tenant's station writes, so two "Bar"s can't both pass the name check.
    await lockTenant(tx, tenantId);
    await assertCategories(tx, tenantId, body.category_ids);
    if (await stationNameTaken(tx, tenantId, body.name)) throw nameConflict();
    const id = await insertStation(tx, tenantId, {
      name: body.name,
      position: body.position ?? 0,
      ...printerFields(body.printer),
    });
    if (body.category_ids) await setStationCategories(tx, tenantId, id, body.category_ids);
    return (await getStation(tx, tenantId, id))!;
  });
  return c.json(stationView(row), 201);
});

stations.patch('/:id', MANAGERS, validate('json', patchStation), async (c) => {
  const id = pathId(c.req.param('id'), 'Station');
  const body = c.req.valid('json');
  const tenantId = c.get('principal').tenantId;
  const row = await c.get('sql').begin(async (tx) => {
    await lockTenant(tx, tenantId);
    if (!(await getStation(tx, tenantId, id))) throw notFound('Station');
    await assertCategories(tx, tenantId, body.category_ids);
    if (body.name && (await stationNameTaken(tx, tenantId, body.name, id))) throw nameConflict();
    await updateStation(tx, tenantId, id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.position !== undefined ? { position: body.position } : {}),
      ...printerFields(body.printer),
    });
    if (body.category_ids) await setStationCategories(tx, tenantId, id, body.category_ids);
    return (await getStation(tx, tenantId, id))!;
  });
  return c.json(stationView(row));
});

/** Lines already routed keep their station id; new lines go by the remaining stations. */
stations.delete('/:id', MANAGERS, async (c) => {
  const id = pathId(c.req.param('id'), 'Station');
  const tenantId = c.get('principal').tenantId;
  const ok = await c.get('sql').begin((tx) => deleteStation(tx, tenantId, id));
  if (!ok) throw notFound('Station');
  return c.body(null, 204);
});

stations.post('/:id/test-print', MANAGERS, async (c) => {
  const id = pathId(c.req.param('id'), 'Station');
  const tenantId = c.get('principal').tenantId;
  const sql = c.get('sql');
  const s = await getStation(sql, tenantId, id);
  if (!s) throw notFound('Station');
  if (!s.printer_host || !s.printer_port) {
    throw unprocessable('This station has no printer.', [
      { path: 'printer', message: 'set a printer first' },
    ]);
  }
  const tenant = await tenantOf(sql, tenantId);
  const job = await insertPrintJob(sql, {
    tenantId,
    kind: 'test',
    stationId: s.id,
    orderId: null,
    host: s.printer_host,
    port: s.printer_port,
    payload: testPageBytes(s.name, now(c), tenant.timezone),
    now: now(c),
  });
  return c.json(printJobView(job), 201);
});

/** /kitchen: the display's tickets and the tenant's display settings. */
export const kitchen = new Hono<AppEnv>();
kitchen.use(requireAuth);

kitchen.get('/tickets', validate('query', ticketsQuery), async (c) => {
  const { station } = c.req.valid('query');
  const sql = c.get('sql');
  const tenantId = c.get('principal').tenantId;
  if (station && !(await getStation(sql, tenantId, station))) throw notFound('Station');
  const at = now(c);
  const [tickets, settings, failing] = await Promise.all([
    kitchenTickets(sql, tenantId, station ?? null),
    getKitchenSettings(sql, tenantId),
    failingPrinters(sql, tenantId, new Date(at.getTime() - 3600_000)),
  ]);
  return c.json({
    data: ticketsView(tickets.orders, tickets.lines),
    next_cursor: null,
    settings,
    failing_printers: failing.filter((f) => !station || f.station_id === station),
    now: at,
  });
});

kitchen.get('/settings', async (c) =>
  c.json(await getKitchenSettings(c.get('sql'), c.get('principal').tenantId)),
);

kitchen.patch('/settings', MANAGERS, validate('json', kitchenSettings), async (c) => {
  const tenantId = c.get('principal').tenantId;
  const sql = c.get('sql');
  const next = { ...(await getKitchenSettings(sql, tenantId)), ...c.req.valid('json') };
  if (next.red_minutes <= next.amber_minutes) {
    throw unprocessable('Red must come after amber.', [
      { path: 'red_minutes', message: 'must be more than amber_minutes' },
    ]);
  }
  await saveKitchenSettings(sql, tenantId, next);
  return c.json(next);
});

interface BridgeEnv {
  Variables: AppEnv['Variables'] & { bridge?: { id: string; tenantId: string } };
}

/** A print bridge's token opens the bridge's three routes and nothing else. */
const requireBridge = createMiddleware<BridgeEnv>(async (c, next) => {
  const match = /^Bearer\s+(prb_[A-Za-z0-9_-]{20,100})$/.exec(
    (c.req.header('authorization') ?? '').trim(),
  );
  if (!match) throw unauthorized('A print bridge token is required.');
  const bridge = await bridgeByToken(c.get('sql'), await sha256Hex(match[1]!), now(c));
  if (!bridge) throw unauthorized('The print bridge token is invalid or revoked.');
  c.set('bridge', { id: bridge.id, tenantId: bridge.tenant_id });
  await next();
});

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/** /print-jobs: staff see and retry jobs; a print bridge claims, acknowledges and reports them. */
export const printJobs = new Hono<BridgeEnv>();

printJobs.post('/claim', requireBridge, validate('json', claimBody), async (c) => {
  const bridge = c.get('bridge')!;
  const jobs = await claimPrintJobs(c.get('sql'), {
    tenantId: bridge.tenantId,
    now: now(c),
    leaseMs: LEASE_MS,
    limit: c.req.valid('json')?.limit ?? 10,
  });
  return c.json({
    data: jobs.map((j) => ({ ...printJobView(j), payload_base64: base64(j.payload) })),
    lease_ms: LEASE_MS,
  });
});

printJobs.post('/:id/ack', requireBridge, async (c) => {
  const id = pathId(c.req.param('id'), 'Print job');
  const tenantId = c.get('bridge')!.tenantId;
  const sql = c.get('sql');
  const job = await getPrintJob(sql, tenantId, id);
  if (!job) throw notFound('Print job');
  if (job.status === 'failed')
    throw conflict('The job was given up; retry it first.', 'job-failed');
  const done = await recordPrinted(sql, tenantId, job, now(c));
  await publishCommitted(c.get('platform'), tenantId, done.events);
  return c.json(printJobView(done.job ?? job));
});

printJobs.post('/:id/fail', requireBridge, validate('json', failBody), async (c) => {
  const id = pathId(c.req.param('id'), 'Print job');
  const tenantId = c.get('bridge')!.tenantId;
  const sql = c.get('sql');
  const job = await getPrintJob(sql, tenantId, id);
  if (!job) throw notFound('Print job');
  if (job.status !== 'queued') throw conflict(`The job is ${job.status}.`, 'job-not-queued');
  const failed = await recordSendFailed(sql, tenantId, job, {
    error: c.req.valid('json').error,
    now: now(c),
    delayMs: retryDelayMs(job.attempts + 1),
    failAfterMs: FAIL_AFTER_MS,
  });
  await publishCommitted(c.get('platform'), tenantId, failed.events);
  return c.json(printJobView(failed.job ?? job));
});

printJobs.get('/', requireAuth, validate('query', printJobsQuery), async (c) => {
  const q = c.req.valid('query');
  const rows = await listPrintJobs(c.get('sql'), c.get('principal').tenantId, {
    status: q.status,
    limit: q.limit + 1,
    after: decodeCursor(q.cursor, timeCursor),
  });
  const p = page(rows, q.limit, (j) => ({ at: j.created_at.toISOString(), id: j.id }));
  return c.json({ data: p.data.map(printJobView), next_cursor: p.next_cursor });
});

printJobs.get('/:id', requireAuth, async (c) => {
  const job = await getPrintJob(
    c.get('sql'),
    c.get('principal').tenantId,
    pathId(c.req.param('id'), 'Print job'),
  );
  if (!job) throw notFound('Print job');
  return c.json(printJobView(job));
});

printJobs.post('/:id/retry', requireAuth, async (c) => {
  const id = pathId(c.req.param('id'), 'Print job');
  const tenantId = c.get('principal').tenantId;
  const sql = c.get('sql');
  const job = await getPrintJob(sql, tenantId, id);
  if (!job) throw notFound('Print job');
  if (job.status === 'printed') throw conflict('The job was printed already.', 'job-printed');
  return c.json(printJobView((await requeuePrintJob(sql, tenantId, id, now(c))) ?? job));
});

/** /print-bridges: owner and manager create bridge tokens (shown once) and revoke them. */
export const printBridges = new Hono<AppEnv>();
printBridges.use(requireAuth, MANAGERS);

printBridges.get('/', async (c) =>
  c.json({ data: await listBridges(c.get('sql'), c.get('principal').tenantId), next_cursor: null }),
);

printBridges.post('/', validate('json', createBridge), async (c) => {
  const token = `prb_${randomToken(32)}`;
  const row = await insertBridge(
    c.get('sql'),
    c.get('principal').tenantId,
    c.req.valid('json').name,
    await sha256Hex(token),
  );
  return c.json({ ...row, token }, 201);
});

printBridges.delete('/:id', async (c) => {
  const ok = await revokeBridge(
    c.get('sql'),
    c.get('principal').tenantId,
    pathId(c.req.param('id'), 'Print bridge'),
  );
  if (!ok) throw notFound('Print bridge');
  return c.body(null, 204);
});

/** Order routes of this domain (mounted under /orders beside the order's own). */
export const orderPrinting = new Hono<AppEnv>();
orderPrinting.use(requireAuth);

orderPrinting.post(
  '/:id/print-receipt',
  requireRole(...ORDER_WRITERS),
  validate('json', printReceiptBody),
  async (c) => {
    const id = pathId(c.req.param('id'), 'Order');
    const tenantId = c.get('principal').tenantId;
    const sql = c.get('sql');
    const { station_id } = c.req.valid('json');
    const order = await getOrder(sql, tenantId, id);
    if (!order) throw notFound('Order');
    const all = await listStations(sql, tenantId);
    const station = station_id
      ? all.find((s) => s.id === station_id)
      : all.find((s) => s.printer_host);
    if (!station?.printer_host || !station.printer_port) {
      throw unprocessable('No printer to print on.', [
        {
          path: 'station_id',
          message: station_id
            ? 'names no station of this tenant with a printer'
            : 'no station has a printer',
        },
      ]);
    }
    const [tenant, pays, refunds] = await Promise.all([
      tenantOf(sql, tenantId),
      orderPayments(sql, tenantId, id),
      orderRefunds(sql, tenantId, id),
    ]);
    const url = `${c.get('platform').config.PUBLIC_URL.replace(/\/$/, '')}/orders/${order.id}`;
    const job = await insertPrintJob(sql, {
      tenantId,
      kind: 'receipt',
      stationId: station.id,
      orderId: order.id,
      host: station.printer_host,
      port: station.printer_port,
      payload: receiptBytes(receiptData(tenant, order, pays, refunds), url),
      now: now(c),
    });
    return c.json(printJobView(job), 201);
  },
);

/**
 * Fires a held course: its lines go to their stations' displays and printers now. Firing a course
 * that is already out changes nothing (a double tap is harmless); a course with no lines is a 409.
 */
orderPrinting.post(
  '/:id/fire',
  requireRole(...ORDER_WRITERS),
  validate('json', fireBody),
  async (c) => {
    const id = pathId(c.req.param('id'), 'Order');
    const me = c.get('principal');
    const { course } = c.req.valid('json');
    const at = now(c);
    const result = await c.get('sql').begin(async (tx) => {
      const order = await lockOrder(tx, me.tenantId, id);
      if (!order) throw notFound('Order');
      if (order.status === 'void' || order.status === 'closed') {
        throw conflict(
          `Cannot fire a course of an order that is ${order.status}.`,
          'order-fire-not-allowed',
        );
      }
      const { live, fired } = await fireCourse(tx, me.tenantId, id, course, at);
      if (!live) throw conflict(`The order has no line in course ${course}.`, 'course-empty');
      if (fired) await ticketNewLines(tx, await tenantOf(tx, me.tenantId), id, at, course);
      const updated = (await getOrder(tx, me.tenantId, id))!;
      const events = fired
        ? [await appendEvent(tx, me.tenantId, 'order.fired', { course, order: orderView(updated) })]
        : [];
      return { order: updated, events };
    });
    await publishCommitted(c.get('platform'), me.tenantId, result.events);
    return c.json(orderView(result.order));
  },
);
