import { Hono } from 'hono';
import { z } from 'zod';
import { requireAuth, requireRole } from '../auth/middleware';
import { audit } from '../common/audit';
import type { AppEnv } from '../common/env';
import { conflict, notFound } from '../common/errors';
import { pathId, randomToken, sha256Hex } from '../common/ids';
import { validate } from '../common/validate';
import { insertDevice, listDevices, MAX_ACTIVE_DEVICES, revokeDevice } from './store';

/** Shared tablets: a long-lived device token lets staff switch with a PIN (POST /auth/pin). */
export const devices = new Hono<AppEnv>();
devices.use(requireAuth, requireRole('owner', 'manager'));

export const createDevice = z.object({ name: z.string().trim().min(1).max(120) }).strict();

devices.get('/', async (c) => {
  const rows = await listDevices(c.get('sql'), c.get('principal').tenantId);
  return c.json({ data: rows, next_cursor: null });
});

devices.post('/', validate('json', createDevice), async (c) => {
  const me = c.get('principal');
  const token = `dev_${randomToken(32)}`;
  const sql = c.get('sql');
  const row = await insertDevice(sql, {
    tenantId: me.tenantId,
    name: c.req.valid('json').name,
    tokenHash: await sha256Hex(token),
    createdBy: me.userId,
  });
  if (!row) {
    throw conflict(
      `A tenant may have at most ${MAX_ACTIVE_DEVICES} active devices; remove one first.`,
      'device-limit',
    );
  }
  await audit(sql, {
    tenantId: me.tenantId,
    actorId: me.userId,
    action: 'device.created',
    objectType: 'device',
    objectId: row.id,
  });
  // The token is shown once; only its hash is stored.
  return c.json({ ...row, device_token: token }, 201);
});

devices.delete('/:id', async (c) => {
  const me = c.get('principal');
  const id = pathId(c.req.param('id'), 'Device');
  if (!(await revokeDevice(c.get('sql'), me.tenantId, id))) throw notFound('Device');
  return c.body(null, 204);
});
