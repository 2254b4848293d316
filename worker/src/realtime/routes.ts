import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/env';
import { AppError, badRequest, notFound } from '../common/errors';
import { pathToken } from '../common/ids';
import type { RealtimeTarget } from '../platform';
import { isUuid } from './protocol';
import { findTrackedOrder } from './store';

/**
 * The two WebSocket endpoints. The route validates and picks the target; the hub of the runtime
 * (ws on Node, the tenant's Durable Object at the edge) takes the upgrade over. No auth here: the
 * staff socket authenticates with its first message (tokens stay out of URLs and logs).
 */
export const realtime = new Hono<AppEnv>();

const upgradeRequired = () =>
  new AppError(
    426,
    'https://comanda.dev/problems/upgrade-required',
    'Upgrade required',
    'This endpoint speaks WebSocket only.',
    undefined,
    { Upgrade: 'websocket', Connection: 'Upgrade' },
  );

const notServed = () =>
  new AppError(
    501,
    'https://comanda.dev/problems/not-implemented',
    'Not implemented',
    'This runtime serves no WebSockets.',
  );

function connect(c: Context<AppEnv>, target: RealtimeTarget) {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') throw upgradeRequired();
  const hub = c.get('platform').hub;
  if (!hub.connect) throw notServed();
  return hub.connect(c, target);
}

realtime.get('/realtime', (c) => {
  const tenantId = c.req.query('tenant');
  if (!isUuid(tenantId)) {
    throw badRequest('tenant must be the tenant id (a UUID).', [
      { path: 'tenant', message: 'Invalid UUID' },
    ]);
  }
  return connect(c, { tenantId: tenantId.toLowerCase() });
});

realtime.get('/public/orders/:token/live', async (c) => {
  const token = pathToken(c.req.param('token'), 'Order');
  const tracked = await findTrackedOrder(c.get('sql'), token);
  if (!tracked) throw notFound('Order');
  return connect(c, tracked);
});
