import { Hono } from 'hono';
import { findDeviceByToken } from '../auth/store';
import type { AppEnv } from '../common/env';
import { AppError } from '../common/errors';
import { pinStaff } from './store';

/**
 * What a registered shared device may read with its own token (X-Device-Token), before anyone
 * has signed in on it: the staff tiles of its lock screen. Mounted ahead of `/devices`, whose
 * routes need a manager's bearer token.
 */
export const currentDevice = new Hono<AppEnv>();

currentDevice.get('/staff', async (c) => {
  const token = c.req.header('x-device-token') ?? '';
  const sql = c.get('sql');
  const device = token && token.length <= 200 ? await findDeviceByToken(sql, token) : undefined;
  if (!device) {
    throw new AppError(
      401,
      'https://comanda.dev/problems/device-token-invalid',
      'Unknown device',
      'The X-Device-Token header is missing, revoked or wrong.',
    );
  }
  const data = await pinStaff(sql, device.tenant_id);
  c.header('cache-control', 'no-store');
  return c.json({ data, next_cursor: null });
});
