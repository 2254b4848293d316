import { Hono } from 'hono';
import { z } from 'zod';
import { requireAuth, requireRole } from '../auth/middleware';
import type { AppEnv, Role } from '../common/env';
import { uuid } from '../common/ids';
import { decodeCursor, listQuery, page, timeCursor } from '../common/pagination';
import { validate } from '../common/validate';
import { listAudit } from './store';

const MANAGERS: Role[] = ['owner', 'manager'];
const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

/** GET /audit: from/to (RFC 3339, half-open), actor (user id), action (exact, or prefix*). */
export const auditQuery = listQuery
  .extend({
    from: instant.optional(),
    to: instant.optional(),
    actor: uuid.optional(),
    action: z
      .string()
      .regex(/^[a-z_.]{1,64}\*?$/, 'must be an action name such as order.voided, or a prefix*')
      .optional(),
  })
  .strict();

const cursorSchema = timeCursor;

export const auditLog = new Hono<AppEnv>();
auditLog.use(requireAuth, requireRole(...MANAGERS));

auditLog.get('/', validate('query', auditQuery), async (c) => {
  const q = c.req.valid('query');
  const rows = await listAudit(c.get('sql'), c.get('principal').tenantId, {
    from: q.from,
    to: q.to,
    actor: q.actor,
    action: q.action,
    limit: q.limit + 1,
    after: decodeCursor(q.cursor, cursorSchema),
  });
  // The cursor keeps the database's microsecond timestamp, not a millisecond Date.
  const p = page(rows, q.limit, (r) => ({ at: r.at_key, id: r.id }));
  return c.json({
    data: p.data.map((r) => ({
      id: r.id,
      at: r.at,
      actor_id: r.actor_id,
      action: r.action,
      object_type: r.object_type,
      object_id: r.object_id,
      detail: r.detail,
    })),
    next_cursor: p.next_cursor,
  });
});
