import { createMiddleware } from 'hono/factory';
import type { AppEnv, Role } from '../common/env';
import { forbidden, unauthorized } from '../common/errors';
import { verifyAccessToken } from './jwt';
import { resolvePrincipal } from './principals';

/**
 * Bearer JWT → c.var.principal. The signature proves who the token was issued to; the user's
 * current access (cached per process, auth/principals.ts) decides what it still gives: a token of
 * a deleted or deactivated user, or one issued before a password or PIN change, is a 401; a
 * demoted user's token carries the new role.
 */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+([A-Za-z0-9\-_.]+)$/i.exec(header.trim());
  if (!match) throw unauthorized();
  const platform = c.get('platform');
  const claims = await verifyAccessToken(
    platform.config.JWT_SECRET,
    match[1]!,
    platform.clock.now(),
  );
  if (!claims) throw unauthorized('The access token is invalid or expired.');
  const principal = await resolvePrincipal(platform.access, c.get('sql'), claims);
  if (!principal) throw unauthorized('This login has ended; sign in again.');
  c.set('principal', principal);
  await next();
});

export const requireRole = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!roles.includes(c.get('principal').role)) throw forbidden();
    await next();
  });
