import type { Context } from 'hono';
import type { AppEnv } from './env';

/**
 * The address a trusted proxy saw: the rightmost X-Forwarded-For entry, the one the proxy appended.
 * Everything left of it was written by the client (or by proxies we know nothing about) and would
 * let one attacker pose as many addresses, or as the owner's. Several headers are one list.
 */
export function forwardedFor(header: string | undefined): string | undefined {
  const last = header?.split(',').at(-1)?.trim();
  return last ? last.slice(0, 64) : undefined;
}

/**
 * The client's address for throttling: what the operator's proxy appended to X-Forwarded-For when
 * they say one sits in front (TRUST_PROXY=true), else what the runtime sees (socket peer on Node,
 * CF-Connecting-IP at the edge).
 */
export function clientAddress(c: Context<AppEnv>): string {
  const platform = c.get('platform');
  if (platform.config.TRUST_PROXY) {
    const forwarded = forwardedFor(c.req.header('x-forwarded-for'));
    if (forwarded) return forwarded;
  }
  return platform.clientAddress(c) ?? 'unknown';
}
