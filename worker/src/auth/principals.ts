/**
 * Who a verified access token speaks for *now*. A JWT is valid for 15 minutes, but access must end
 * at once when a user is deleted, deactivated, demoted or changes their password or PIN. Reading
 * the user row on every request would put a database round trip on every call, so each process
 * keeps a small cache of each user's access (role, active, token_version): a request compares its
 * token's `ver` claim with the cached version and takes the role from the cache, not the token.
 *
 * The cache is correct only because every change that matters is announced: the writer drops its
 * own entry before answering and tells the hub, which drops it on every other process (Redis
 * channel on Node, the tenant's Durable Object at the edge) and closes that user's sockets. The
 * time-to-live is only a backstop for an announcement that got lost (Redis down at that moment) or
 * for processes nobody can reach (other workerd isolates): it bounds how long a lost one matters.
 *
 * This is the seam a verified-token cache plugs into later: it may skip the JWT signature check,
 * never this lookup.
 */

import type { Principal, Role } from '../common/env';
import { LoadingCache, type LoadingCacheOptions } from '../common/loading-cache';
import type { Db } from '../db/client';
import type { Platform } from '../platform';
import { loadAccess } from './store';

/** What the users row says about a login right now. */
export interface Access {
  role: Role;
  active: boolean;
  tokenVersion: number;
}

/** The claims of a token whose signature, issuer, audience and expiry were verified. */
export interface TokenClaims extends Principal {
  /** token_version when the token was issued (tokens from before versions existed carry none: 0). */
  ver: number;
  /** Expiry, epoch seconds. */
  exp: number;
}

export type AccessCacheOptions = LoadingCacheOptions;

/** Node: invalidations arrive through Redis; the TTL only covers one lost while Redis was away. */
export const NODE_ACCESS_CACHE: AccessCacheOptions = { ttlMs: 60_000, maxEntries: 50_000 };
/**
 * workerd: an isolate hears only its own changes (the Durable Object cannot reach the isolates of
 * other requests), so entries live 5 s there: the longest another isolate may honour an old token.
 */
export const EDGE_ACCESS_CACHE: AccessCacheOptions = { ttlMs: 5_000, maxEntries: 10_000 };

type Loader = () => Promise<Access | null>;

/** The decision, pure: null means the token no longer speaks for anyone (401). */
export function admit(claims: TokenClaims, access: Access | null): Principal | null {
  if (!access?.active || access.tokenVersion !== claims.ver) return null;
  // A demotion (or promotion) applies at once: the role is the user's current one.
  return { userId: claims.userId, tenantId: claims.tenantId, role: access.role };
}

/** Users' access, keyed by tenant and user (common/loading-cache.ts does the caching). */
export class AccessCache {
  private readonly cache: LoadingCache<Access | null>;

  constructor(options: AccessCacheOptions) {
    this.cache = new LoadingCache(options);
  }

  private static key(tenantId: string, userId: string) {
    return `${tenantId}/${userId}`;
  }

  /** The user's access: from the cache, else from `load` (one load per user at a time). */
  get(tenantId: string, userId: string, load: Loader): Promise<Access | null> {
    return this.cache.get(AccessCache.key(tenantId, userId), load);
  }

  /** The cached access, synchronously (undefined: not cached, call get). */
  peek(tenantId: string, userId: string): { value: Access | null } | undefined {
    return this.cache.peek(AccessCache.key(tenantId, userId));
  }

  /** The user's access changed: the next request reads it again. */
  invalidate(tenantId: string, userId: string): void {
    this.cache.invalidate(AccessCache.key(tenantId, userId));
  }

  /** Announcements may have been missed (the broker was away): forget everything. */
  clear(): void {
    this.cache.clear();
  }

  get size(): number {
    return this.cache.size;
  }
}

/** Verified claims → the principal they give today, or null (401). */
export async function resolvePrincipal(
  cache: AccessCache,
  db: Db,
  claims: TokenClaims,
): Promise<Principal | null> {
  const access = await cache.get(claims.tenantId, claims.userId, () =>
    loadAccess(db, claims.tenantId, claims.userId),
  );
  return admit(claims, access);
}

/**
 * Announces, after commit, that a user's access changed (role, active, password, PIN, deletion):
 * this process forgets it before the response goes out, every other process hears it through the
 * hub, and the user's open sockets close with 4401. Never fails the request that made the change.
 */
export async function accessChanged(
  platform: Pick<Platform, 'access' | 'hub'>,
  tenantId: string,
  userId: string,
): Promise<void> {
  platform.access.invalidate(tenantId, userId);
  try {
    await platform.hub.accessChanged(tenantId, userId);
  } catch (e) {
    console.warn(
      `hub: access change for user ${userId} not announced: ${e instanceof Error ? e.message : e}`,
    );
  }
}
