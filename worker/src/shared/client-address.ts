import type { Context } from 'hono';
import type { AppEnv } from './env';

/**
 * The client's address for throttling: the first X-Forwarded-For hop when the operator says a
 * trusted proxy sets it (TRUST_PROXY=true), else what the runtime sees (socket peer on Node,
 * CF-Connecting-IP at the edge).
 */
export function clientAddress(c: Context<AppEnv>): string {
  const platform = c.get('platform');
  if (platform.config.TRUST_PROXY) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return platform.clientAddress(c) ?? 'unknown';
}
