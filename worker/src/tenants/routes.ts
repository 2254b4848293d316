import { Hono } from 'hono';
import { requireAuth, requireRole } from '../auth/middleware';
import { SIGNUP_WINDOW_SECONDS, takeAttempt } from '../auth/throttle';
import { catalogHeadChanged } from '../catalog/head-cache';
import { missingIds } from '../catalog/store';
import { catalogWrite } from '../catalog/write';
import { clientAddress } from '../common/client-address';
import type { AppEnv } from '../common/env';
import { conflict, forbidden, notFound, tooManyRequests, unknownRefs } from '../common/errors';
import { validate } from '../common/validate';
import { getUser } from '../users/store';
import { signUp, tenantPatch } from './schemas';
import { signUpTenant } from './signup';
import { getTenant, updateTenant } from './store';
import { tenantView } from './view';

/** POST /tenants: public sign-up. */
export const signup = new Hono<AppEnv>();
signup.post('/', validate('json', signUp), async (c) => {
  const platform = c.get('platform');
  if (!platform.config.ALLOW_SIGNUP) throw forbidden('Sign-up is turned off on this server.');
  const sql = c.get('sql');
  const limit = platform.config.SIGNUP_LIMIT;
  if (limit > 0) {
    // Counted once the body is valid (taken slugs and emails count too), before any hashing.
    const rule = { key: `signup:${clientAddress(c)}`, limit };
    const wait = await takeAttempt(sql, [rule], platform.clock.now(), SIGNUP_WINDOW_SECONDS);
    if (wait !== null) throw tooManyRequests(wait);
  }
  const result = await signUpTenant(sql, platform.passwords, c.req.valid('json'));
  if (!result.ok) {
    throw result.reason === 'slug-taken'
      ? conflict('That slug is taken.', 'slug-taken')
      : conflict('That email is already in use.', 'email-taken');
  }
  return c.json({ tenant: tenantView(result.tenant), user: result.user }, 201);
});

/** GET /me */
export const me = new Hono<AppEnv>();
me.use(requireAuth);
me.get('/', async (c) => {
  const p = c.get('principal');
  const sql = c.get('sql');
  const [user, tenant] = await Promise.all([
    getUser(sql, p.tenantId, p.userId),
    getTenant(sql, p.tenantId),
  ]);
  if (!user || !tenant) throw notFound('User');
  const { id, email, name, role } = user;
  return c.json({ user: { id, email, name, role }, tenant: tenantView(tenant) });
});

/** GET/PATCH /tenant: owner and manager read, only the owner writes settings. */
export const tenant = new Hono<AppEnv>();
tenant.use(requireAuth, requireRole('owner', 'manager'));
tenant.get('/', async (c) => {
  const t = await getTenant(c.get('sql'), c.get('principal').tenantId);
  if (!t) throw notFound('Tenant');
  return c.json(tenantView(t));
});
tenant.patch('/', requireRole('owner'), validate('json', tenantPatch), async (c) => {
  const sql = c.get('sql');
  const tenantId = c.get('principal').tenantId;
  const patch = c.req.valid('json');
  // The default rate must be one of this tenant's (the key enforces it too, as a 500 not a 422).
  const rate = patch.default_tax_rate_id;
  if (rate && (await missingIds(sql, tenantId, 'tax_rates', [rate])).length) {
    throw unknownRefs([{ path: 'default_tax_rate_id', message: 'names no object of this tenant' }]);
  }
  // Currency and price mode are part of the catalog's head (and ETag): a change of either is a
  // catalog write (a new version, `catalog.changed` with no changes), so every device syncs and
  // shows it at once, as it does a new price.
  const before = await getTenant(sql, tenantId);
  if (!before) throw notFound('Tenant');
  const headChanged =
    (patch.currency !== undefined && patch.currency !== before.currency) ||
    (patch.tax_inclusive !== undefined && patch.tax_inclusive !== before.tax_inclusive);
  const t = headChanged
    ? await catalogWrite(c, async (tx) => ({
        result: await updateTenant(tx, tenantId, patch),
        changes: [],
      }))
    : await updateTenant(sql, tenantId, patch);
  if (!t) throw notFound('Tenant');
  // The head (cached per process) also holds the name and QR ordering. A catalog write's event
  // drops it on every process already; any other change is announced on its own.
  if (!headChanged) await catalogHeadChanged(c.get('platform'), tenantId);
  return c.json(tenantView(t));
});
