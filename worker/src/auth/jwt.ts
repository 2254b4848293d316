import { jwtVerify, SignJWT } from 'jose';
import type { Principal, Role } from '../shared/env';

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

export async function signAccessToken(secret: string, p: Principal, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ tid: p.tenantId, role: p.role })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(p.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_SECONDS)
    .sign(key(secret));
}

/** Verifies with the algorithm pinned (no `alg: none`, no key confusion) and iss/aud/exp checked. */
export async function verifyAccessToken(
  secret: string,
  token: string,
  now: Date,
): Promise<(Principal & { exp: number }) | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: [ALG],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ['exp', 'sub', 'iat'],
    });
    const { sub, tid, role, exp } = payload as {
      sub?: unknown;
      tid?: unknown;
      role?: unknown;
      exp?: unknown;
    };
    if (typeof sub !== 'string' || typeof tid !== 'string' || typeof exp !== 'number') return null;
    if (typeof role !== 'string' || !roles.has(role as Role)) return null;
    // A token claiming more than 15 minutes of life was not made by us.
    if (typeof payload.iat !== 'number' || exp - payload.iat > ACCESS_TOKEN_SECONDS) return null;
    return { userId: sub, tenantId: tid, role: role as Role, exp };
  } catch {
    return null;
  }
}
