import { jwtVerify, SignJWT } from 'jose';
import type { Principal, Role } from '../common/env';
import type { TokenClaims } from './principals';
import { MAX_VERIFIED_TOKENS, VerifiedTokens } from './token-cache';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
const ALG = 'HS256';
export const ISSUER = 'comanda';
export const AUDIENCE = 'comanda-api';
const roles = new Set<Role>(['owner', 'manager', 'cashier', 'waiter', 'kitchen']);

const keyCache = new Map<string, Uint8Array>();
function key(secret: string): Uint8Array {
  let k = keyCache.get(secret);
  if (!k) {
    k = new TextEncoder().encode(secret);
    keyCache.set(secret, k);
  }
  return k;
}

/** `ver` is the user's token_version: a later bump (password, PIN, deactivation) ends the token. */
export async function signAccessToken(
  secret: string,
  p: Principal & { ver: number },
  now: Date,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ tid: p.tenantId, role: p.role, ver: p.ver })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(p.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_SECONDS)
    .sign(key(secret));
}

/** Per secret (a process has one; tests build apps with several): tokens verified under it. */
const verifiedBySecret = new Map<string, VerifiedTokens>();
function verified(secret: string): VerifiedTokens {
  let v = verifiedBySecret.get(secret);
  if (!v) {
    v = new VerifiedTokens(MAX_VERIFIED_TOKENS);
    verifiedBySecret.set(secret, v);
  }
  return v;
}

/**
 * The claims of a token this process verified before and that has not expired, without a
 * signature check: synchronous, for the hot paths. undefined: verify it (verifyAccessToken).
 */
export function knownAccessToken(
  secret: string,
  token: string,
  nowMs: number,
): TokenClaims | undefined {
  return verifiedBySecret.get(secret)?.get(token, nowMs);
}

/**
 * Verifies with the algorithm pinned (no `alg: none`, no key confusion) and iss/aud/exp checked,
 * once per token: a valid one is remembered until it expires (auth/token-cache.ts).
 */
export async function verifyAccessToken(
  secret: string,
  token: string,
  now: Date,
): Promise<TokenClaims | null> {
  const known = knownAccessToken(secret, token, now.getTime());
  if (known) return known;
  const claims = await verifySignedToken(secret, token, now);
  if (claims) verified(secret).set(token, claims);
  return claims;
}

async function verifySignedToken(
  secret: string,
  token: string,
  now: Date,
): Promise<TokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: [ALG],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ['exp', 'sub', 'iat'],
    });
    const { sub, tid, role, exp, ver } = payload as {
      sub?: unknown;
      tid?: unknown;
      role?: unknown;
      exp?: unknown;
      ver?: unknown;
    };
    if (typeof sub !== 'string' || typeof tid !== 'string' || typeof exp !== 'number') return null;
    if (typeof role !== 'string' || !roles.has(role as Role)) return null;
    // A token claiming more than 15 minutes of life was not made by us.
    if (typeof payload.iat !== 'number' || exp - payload.iat > ACCESS_TOKEN_SECONDS) return null;
    // Tokens issued before versions existed carry no `ver`: they match a user never bumped.
    if (ver !== undefined && !(typeof ver === 'number' && Number.isSafeInteger(ver))) return null;
    return { userId: sub, tenantId: tid, role: role as Role, exp, ver: ver ?? 0 };
  } catch {
    return null;
  }
}
