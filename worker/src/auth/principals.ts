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

export interface AccessCacheOptions {
  /** How long an entry is trusted without an announcement: the bound on a lost invalidation. */
  ttlMs: number;
  /** Entries kept; the oldest go first. */
  maxEntries: number;
  now?: () => number;
}

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

export class AccessCache {
  private entries = new Map<string, { access: Access | null; at: number }>();
  private inFlight = new Map<string, Promise<Access | null>>();
  /** Bumped by every invalidation: a load that started before one must not be cached after it. */
  private generation = 0;
  private readonly now: () => number;

  constructor(private readonly options: AccessCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  private static key(tenantId: string, userId: string) {
    return `${tenantId}/${userId}`;
  }

  /** The user's access: from the cache, else from `load` (one load per user at a time). */
  async get(tenantId: string, userId: string, load: Loader): Promise<Access | null> {
    const key = AccessCache.key(tenantId, userId);
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.options.ttlMs) return hit.access;
    let pending = this.inFlight.get(key);
    if (!pending) {
      const generation = this.generation;
      const started = this.now();
      pending = load().then(
        (access) => {
          if (this.inFlight.get(key) === pending) this.inFlight.delete(key);
          if (generation === this.generation) this.store(key, access, started);
          return access;
        },
        (e: unknown) => {
          if (this.inFlight.get(key) === pending) this.inFlight.delete(key);
          throw e;
        },
      );
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private store(key: string, access: Access | null, at: number) {
    this.entries.delete(key); // re-inserted at the end: Map order is age order
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { access, at });
  }

  /** The user's access changed: the next request reads it again. */
  invalidate(tenantId: string, userId: string): void {
    const key = AccessCache.key(tenantId, userId);
    this.generation++;
    this.entries.delete(key);
    this.inFlight.delete(key);
  }

  /** Announcements may have been missed (the broker was away): forget everything. */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.inFlight.clear();
  }

  get size(): number {
    return this.entries.size;
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
