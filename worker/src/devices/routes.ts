import { Hono } from 'hono';
import { z } from 'zod';
import { requireAuth, requireRole } from '../auth/middleware';
import { audit } from '../shared/audit';
import type { AppEnv } from '../shared/env';
import { notFound } from '../shared/errors';
import { pathId, randomToken, sha256Hex } from '../shared/ids';
import { validate } from '../shared/validate';

/** Shared tablets: a long-lived device token lets staff switch with a PIN (POST /auth/pin). */
export const devices = new Hono<AppEnv>();
devices.use(requireAuth, requireRole('owner', 'manager'));

export const createDevice = z.object({ name: z.string().trim().min(1).max(120) }).strict();

devices.get('/', async (c) => {
  const rows = await c.get('sql')`
    select id, name, created_at from devices
    where tenant_id = ${c.get('principal').tenantId} and revoked_at is null
    order by name, id`;
  return c.json({ data: rows, next_cursor: null });
});

devices.post('/', validate('json', createDevice), async (c) => {
  const me = c.get('principal');
  const token = `dev_${randomToken(32)}`;
  const sql = c.get('sql');
  const [row] = await sql<{ id: string; name: string; created_at: Date }[]>`
    insert into devices (tenant_id, name, token_hash, created_by)
    values (${me.tenantId}, ${c.req.valid('json').name}, ${await sha256Hex(token)}, ${me.userId})
    returning id, name, created_at`;
  await audit(sql, {
    tenantId: me.tenantId,
    actorId: me.userId,
    action: 'device.created',
    objectType: 'device',
    objectId: row!.id,
  });
  // The token is shown once; only its hash is stored.
  return c.json({ ...row, device_token: token }, 201);
});

devices.delete('/:id', async (c) => {
  const me = c.get('principal');
  const id = pathId(c.req.param('id'), 'Device');
  const rows = await c.get('sql')`
    update devices set revoked_at = now()
    where tenant_id = ${me.tenantId} and id = ${id} and revoked_at is null returning id`;
  if (rows.length === 0) throw notFound('Device');
  return c.body(null, 204);
});
