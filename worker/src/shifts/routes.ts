import { type Context, Hono } from 'hono';
import { requireAuth, requireRole } from '../auth/middleware';
import { audit } from '../common/audit';
import type { AppEnv, Role } from '../common/env';
import { conflict, notFound } from '../common/errors';
import { appendEvent } from '../common/events';
import { idempotent } from '../common/idempotency';
import { pathId } from '../common/ids';
import { decodeCursor, listQuery, page, timeCursor } from '../common/pagination';
import { publishCommitted } from '../common/publish';
import { validate } from '../common/validate';
import { now, tenantOf } from '../orders/context';
import { zReportHtml } from './print';
import { cashMovement, closeShift as closeBody, openShift } from './schemas';
import {
  closeShift,
  currentShift,
  getShift,
  insertMovement,
  insertShift,
  listShifts,
  loadZInput,
  type ShiftRow,
  shiftMovements,
} from './store';
import { movementView, shiftView } from './view';
import { withEveryMethod, type ZReport, zReport } from './zreport';

const CASHIERS: Role[] = ['owner', 'manager', 'cashier'];

const shiftClosed = () => conflict('The shift is closed and cannot change.', 'shift-closed');

export const shifts = new Hono<AppEnv>();
shifts.use(requireAuth, requireRole(...CASHIERS));

/** The running figures of an open shift (X report) or the frozen Z report of a closed one. */
async function reportOf(c: Context<AppEnv>, shift: ShiftRow): Promise<ZReport> {
  if (shift.z_report) return withEveryMethod(shift.z_report);
  const sql = c.get('sql');
  const tenant = await tenantOf(sql, shift.tenant_id);
  return zReport(await loadZInput(sql, tenant, shift, now(c)));
}

async function detail(c: Context<AppEnv>, shift: ShiftRow) {
  const movements = await shiftMovements(c.get('sql'), shift.tenant_id, shift.id);
  return {
    ...shiftView(shift),
    cash_movements: movements.map(movementView),
    z_report: shift.z_report && withEveryMethod(shift.z_report),
  };
}

shifts.post('/', idempotent, validate('json', openShift), async (c) => {
  const me = c.get('principal');
  const body = c.req.valid('json');
  const shift = await c.get('sql').begin(async (tx) => {
    const s = await insertShift(tx, {
      tenantId: me.tenantId,
      openingFloat: body.opening_float,
      openedBy: me.userId,
      at: now(c),
    });
    if (!s) throw conflict('A shift is already open; close it first.', 'shift-already-open');
    await audit(tx, {
      tenantId: me.tenantId,
      actorId: me.userId,
      action: 'shift.opened',
      objectType: 'shift',
      objectId: s.id,
      detail: { opening_float: body.opening_float },
    });
    const ev = await appendEvent(tx, me.tenantId, 'shift.updated', { shift: shiftView(s) });
    return { s, events: [ev] };
  });
  await publishCommitted(c.get('platform'), me.tenantId, shift.events);
  return c.json(await detail(c, shift.s), 201);
});

shifts.get('/current', async (c) => {
  const shift = await currentShift(c.get('sql'), c.get('principal').tenantId);
  if (!shift) throw notFound('Open shift');
  return c.json({ ...(await detail(c, shift)), x_report: await reportOf(c, shift) });
});

const cursorSchema = timeCursor;

shifts.get('/', validate('query', listQuery), async (c) => {
  const q = c.req.valid('query');
  const rows = await listShifts(c.get('sql'), c.get('principal').tenantId, {
    limit: q.limit + 1,
    after: decodeCursor(q.cursor, cursorSchema),
  });
  const p = page(rows, q.limit, (s) => ({ at: s.opened_at.toISOString(), id: s.id }));
  return c.json({ data: p.data.map(shiftView), next_cursor: p.next_cursor });
});

shifts.get('/:id', async (c) => {
  const shift = await getShift(
    c.get('sql'),
    c.get('principal').tenantId,
    pathId(c.req.param('id'), 'Shift'),
  );
  if (!shift) throw notFound('Shift');
  return c.json(await detail(c, shift));
});

shifts.post('/:id/cash-movements', idempotent, validate('json', cashMovement), async (c) => {
  const me = c.get('principal');
  const id = pathId(c.req.param('id'), 'Shift');
  const body = c.req.valid('json');
  const movement = await c.get('sql').begin(async (tx) => {
    // Share lock: a close waits for this movement to commit and then counts it.
    const shift = await getShift(tx, me.tenantId, id, 'share');
    if (!shift) throw notFound('Shift');
    if (shift.closed_at) throw shiftClosed();
    const m = await insertMovement(tx, {
      tenantId: me.tenantId,
      shiftId: id,
      amount: body.amount,
      reason: body.reason,
      by: me.userId,
      at: now(c),
    });
    await audit(tx, {
      tenantId: me.tenantId,
      actorId: me.userId,
      action: 'shift.cash_moved',
      objectType: 'shift',
      objectId: id,
      detail: { movement_id: m.id, amount: body.amount, reason: body.reason },
    });
    const ev = await appendEvent(tx, me.tenantId, 'shift.cash_moved', {
      movement: movementView(m),
    });
    return { m, events: [ev] };
  });
  await publishCommitted(c.get('platform'), me.tenantId, movement.events);
  return c.json(movementView(movement.m), 201);
});

shifts.post('/:id/close', idempotent, validate('json', closeBody), async (c) => {
  const me = c.get('principal');
  const id = pathId(c.req.param('id'), 'Shift');
  const { counted_cash } = c.req.valid('json');
  const report = await c.get('sql').begin(async (tx) => {
    // Waits for payments, refunds and movements that recorded this shift to commit.
    const shift = await getShift(tx, me.tenantId, id, 'update');
    if (!shift) throw notFound('Shift');
    if (shift.closed_at) throw shiftClosed();
    const at = now(c);
    const tenant = await tenantOf(tx, me.tenantId);
    const z = zReport(
      await loadZInput(tx, tenant, shift, at, { by: me.userId, counted: counted_cash }),
    );
    const closed = await closeShift(tx, me.tenantId, id, {
      by: me.userId,
      at,
      counted: counted_cash,
      report: z,
    });
    await audit(tx, {
      tenantId: me.tenantId,
      actorId: me.userId,
      action: 'shift.closed',
      objectType: 'shift',
      objectId: id,
      detail: {
        expected_cash: z.expected_cash,
        counted_cash,
        difference: z.difference,
      },
    });
    const ev = await appendEvent(tx, me.tenantId, 'shift.updated', { shift: shiftView(closed) });
    return { z, events: [ev] };
  });
  await publishCommitted(c.get('platform'), me.tenantId, report.events);
  return c.json(report.z);
});

shifts.get('/:id/z-report', async (c) => {
  const me = c.get('principal');
  const sql = c.get('sql');
  const shift = await getShift(sql, me.tenantId, pathId(c.req.param('id'), 'Shift'));
  if (!shift) throw notFound('Shift');
  const report = await reportOf(c, shift);
  if ((c.req.header('accept') ?? '').includes('application/json')) return c.json(report);
  const tenant = await tenantOf(sql, me.tenantId);
  return c.html(zReportHtml(report, tenant));
});
