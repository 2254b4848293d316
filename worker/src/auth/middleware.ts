import { createMiddleware } from 'hono/factory';
import type { AppEnv, Principal, Role } from '../common/env';
import { forbidden, unauthorized } from '../common/errors';
import type { Platform } from '../platform';
import { knownAccessToken, verifyAccessToken } from './jwt';
import { admit, resolvePrincipal } from './principals';

const bearerPattern = /^Bearer\s+([A-Za-z0-9\-_.]+)$/i;
/** The token of an `Authorization: Bearer …` header, or undefined. */
export const bearerToken = (header: string | undefined): string | undefined =>
  header ? bearerPattern.exec(header.trim())?.[1] : undefined;

/**
 * The principal of a token this process verified before, for a user whose access it has cached:
 * the whole decision from memory, synchronously. undefined when anything is missing from memory
 * (the token is new, expired or invalid, or the access is not cached): requireAuth decides then.
 */
export function knownPrincipal(
  platform: Pick<Platform, 'config' | 'clock' | 'access'>,
  token: string,
): Principal | null | undefined {
  const claims = knownAccessToken(
    platform.config.JWT_SECRET,
    token,
    platform.clock.now().getTime(),
  );
  if (!claims) return undefined;
  const access = platform.access.peek(claims.tenantId, claims.userId);
  return access && admit(claims, access.value);
}

/**
 * Bearer JWT → c.var.principal. The signature proves who the token was issued to; the user's
 * current access (cached per process, auth/principals.ts) decides what it still gives: a token of
 * a deleted or deactivated user, or one issued before a password or PIN change, is a 401; a
 * demoted user's token carries the new role.
 */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw unauthorized();
  const platform = c.get('platform');
  const known = knownPrincipal(platform, token);
  if (known) {
    c.set('principal', known);
    return next();
  }
  const claims = await verifyAccessToken(platform.config.JWT_SECRET, token, platform.clock.now());
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
