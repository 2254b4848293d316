import { Hono } from 'hono';
import { requireAuth, requireRole } from '../auth/middleware';
import type { AppEnv, Role } from '../common/env';
import { validate } from '../common/validate';
import { tenantOf } from '../orders/context';
import { toCsv } from './csv';
import { salesQuery } from './schemas';
import { readSalesReport } from './store';

const MANAGERS: Role[] = ['owner', 'manager'];
const COLUMNS = ['key', 'label', 'orders', 'quantity', 'net', 'tax', 'gross'] as const;

export const reports = new Hono<AppEnv>();
reports.use(requireAuth, requireRole(...MANAGERS));

/** Whether the client asked for CSV rather than JSON (Accept: text/csv). */
const wantsCsv = (accept: string | undefined) => /(^|,)\s*text\/csv/i.test(accept ?? '');

reports.get('/sales', validate('query', salesQuery), async (c) => {
  const q = c.req.valid('query');
  const me = c.get('principal');
  const sql = c.get('sql');
  const tenant = await tenantOf(sql, me.tenantId);
  const rows = await readSalesReport(sql, {
    tenantId: me.tenantId,
    timezone: tenant.timezone,
    from: q.from,
    to: q.to,
    groupBy: q.group_by,
  });
  c.header('Vary', 'Accept');
  if (wantsCsv(c.req.header('accept'))) {
    const name = `sales-by-${q.group_by}-${q.from.toISOString().slice(0, 10)}.csv`;
    const body = toCsv(
      [...COLUMNS],
      rows.map((r) => COLUMNS.map((k) => r[k])),
    );
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="${name}"`,
    });
  }
  return c.json({ data: rows.map((r) => Object.fromEntries(COLUMNS.map((k) => [k, r[k]]))) });
});
