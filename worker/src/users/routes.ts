import { Hono } from 'hono';
import { z } from 'zod';
import { requireAuth, requireRole } from '../auth/middleware';
import { accessChanged } from '../auth/principals';
import { mayManage } from '../auth/roles';
import { revokeUserTokens } from '../auth/store';
import { audit } from '../common/audit';
import type { AppEnv } from '../common/env';
import { conflict, forbidden, notFound } from '../common/errors';
import { pathId } from '../common/ids';
import { decodeCursor, listQuery, page } from '../common/pagination';
import { lockTenant } from '../common/tenant-lock';
import { validate } from '../common/validate';
import { createUser, patchUser } from './schemas';
import {
  countOwners,
  emailTaken,
  getUser,
  insertUser,
  listUsers,
  softDeleteUser,
  updateUser,
} from './store';

export const users = new Hono<AppEnv>();
users.use(requireAuth, requireRole('owner', 'manager'));

const cursorSchema = z.object({ name: z.string(), id: z.string().uuid() });

users.get('/', validate('query', listQuery), async (c) => {
  const { limit, cursor } = c.req.valid('query');
  const after = decodeCursor(cursor, cursorSchema);
  const rows = await listUsers(c.get('sql'), c.get('principal').tenantId, limit + 1, after);
  return c.json(page(rows, limit, (u) => ({ name: u.name, id: u.id })));
});

users.get('/:id', async (c) => {
  const user = await getUser(
    c.get('sql'),
    c.get('principal').tenantId,
    pathId(c.req.param('id'), 'User'),
  );
  if (!user) throw notFound('User');
  return c.json(user);
});

users.post('/', validate('json', createUser), async (c) => {
  const body = c.req.valid('json');
  const me = c.get('principal');
  if (!mayManage(me.role, body.role))
    throw forbidden(`A ${me.role} may not create a ${body.role}.`);
  const { passwords } = c.get('platform');
  const [passwordHash, pinHash] = await Promise.all([
    passwords.hash(body.password),
    body.pin ? passwords.hash(body.pin) : null,
  ]);
  const sql = c.get('sql');
  const user = await sql.begin(async (tx) => {
    const u = await insertUser(tx, {
      tenantId: me.tenantId,
      email: body.email,
      name: body.name,
      role: body.role,
      passwordHash,
      pinHash,
    });
    if (u) {
      await audit(tx, {
        tenantId: me.tenantId,
        actorId: me.userId,
        action: 'user.created',
        objectType: 'user',
        objectId: u.id,
        detail: { role: u.role, email: u.email },
      });
    }
    return u;
  });
  if (!user) throw conflict('That email is already in use.', 'email-taken');
  return c.json(user, 201);
});

users.patch('/:id', validate('json', patchUser), async (c) => {
  const id = pathId(c.req.param('id'), 'User');
  const body = c.req.valid('json');
  const me = c.get('principal');
  const sql = c.get('sql');
  const platform = c.get('platform');
  const { passwords, clock } = platform;
  const current = await getUser(sql, me.tenantId, id);
  if (!current) throw notFound('User');
  if (!mayManage(me.role, current.role))
    throw forbidden(`A ${me.role} may not change a ${current.role}.`);
  if (body.role && !mayManage(me.role, body.role)) {
    throw forbidden(`A ${me.role} may not make someone a ${body.role}.`);
  }
  if (body.active === false && id === me.userId) {
    throw conflict('You cannot deactivate yourself.', 'self-deactivate');
  }
  if (body.email && (await emailTaken(sql, body.email, id))) {
    throw conflict('That email is already in use.', 'email-taken');
  }
  const patch: Parameters<typeof updateUser>[3] = {};
  if (body.email !== undefined) patch.email = body.email;
  if (body.name !== undefined) patch.name = body.name;
  if (body.role !== undefined) patch.role = body.role;
  if (body.active !== undefined) patch.active = body.active;
  if (body.password !== undefined) patch.password_hash = await passwords.hash(body.password);
  if (body.pin !== undefined)
    patch.pin_hash = body.pin === null ? null : await passwords.hash(body.pin);
  const roleChanged = body.role !== undefined && body.role !== current.role;
  const deactivated = body.active === false && current.active;
  const reactivated = body.active === true && !current.active;
  // These end every token issued so far; a role change does not need to (requests take the
  // current role from the access cache) but still ends the refresh tokens, as before.
  const endTokens = body.password !== undefined || body.pin !== undefined || deactivated;
  const updated = await sql.begin(async (tx) => {
    const losesOwner =
      current.role === 'owner' && current.active && ((roleChanged && body.role) || deactivated);
    if (losesOwner) {
      await lockTenant(tx, me.tenantId);
      if ((await countOwners(tx, me.tenantId)) <= 1) {
        throw conflict('A tenant keeps at least one active owner.', 'last-owner');
      }
    }
    const u = await updateUser(tx, me.tenantId, id, patch, endTokens);
    if (roleChanged) {
      await audit(tx, {
        tenantId: me.tenantId,
        actorId: me.userId,
        action: 'user.role_changed',
        objectType: 'user',
        objectId: id,
        detail: { from: current.role, to: body.role },
      });
    }
    if (deactivated || reactivated) {
      await audit(tx, {
        tenantId: me.tenantId,
        actorId: me.userId,
        action: deactivated ? 'user.deactivated' : 'user.reactivated',
        objectType: 'user',
        objectId: id,
      });
    }
    // A new password, PIN or role, or a deactivation, ends the user's other sessions; the next
    // login gets fresh claims.
    if (endTokens || roleChanged) {
      await revokeUserTokens(tx, me.tenantId, id, clock.now());
    }
    return u;
  });
  if (endTokens || roleChanged || reactivated) await accessChanged(platform, me.tenantId, id);
  return c.json(updated);
});

users.delete('/:id', async (c) => {
  const id = pathId(c.req.param('id'), 'User');
  const me = c.get('principal');
  const sql = c.get('sql');
  const current = await getUser(sql, me.tenantId, id);
  if (!current) throw notFound('User');
  if (!mayManage(me.role, current.role))
    throw forbidden(`A ${me.role} may not remove a ${current.role}.`);
  if (id === me.userId) throw conflict('You cannot remove yourself.', 'self-delete');
  await sql.begin(async (tx) => {
    if (current.role === 'owner' && current.active) {
      await lockTenant(tx, me.tenantId);
      if ((await countOwners(tx, me.tenantId)) <= 1) {
        throw conflict('A tenant keeps at least one owner.', 'last-owner');
      }
    }
    await softDeleteUser(tx, me.tenantId, id);
    await revokeUserTokens(tx, me.tenantId, id, c.get('platform').clock.now());
    await audit(tx, {
      tenantId: me.tenantId,
      actorId: me.userId,
      action: 'user.deleted',
      objectType: 'user',
      objectId: id,
      detail: { role: current.role },
    });
  });
  await accessChanged(c.get('platform'), me.tenantId, id);
  return c.body(null, 204);
});
