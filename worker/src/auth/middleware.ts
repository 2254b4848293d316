import { createMiddleware } from 'hono/factory';
import type { AppEnv, Role } from '../shared/env';
import { forbidden, unauthorized } from '../shared/errors';
import { verifyAccessToken } from './jwt';

/** Bearer JWT → c.var.principal. The token alone is trusted: it lives 15 minutes at most. */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+([A-Za-z0-9\-_.]+)$/i.exec(header.trim());
  if (!match) throw unauthorized();
  const platform = c.get('platform');
  const principal = await verifyAccessToken(
    platform.config.JWT_SECRET,
    match[1]!,
    platform.clock.now(),
  );
  if (!principal) throw unauthorized('The access token is invalid or expired.');
  c.set('principal', {
    userId: principal.userId,
    tenantId: principal.tenantId,
    role: principal.role,
  });
  await next();
});

export const requireRole = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!roles.includes(c.get('principal').role)) throw forbidden();
    await next();
  });
