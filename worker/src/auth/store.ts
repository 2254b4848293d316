import type { Role } from '../common/env';
import { randomToken, sha256Hex } from '../common/ids';
import type { Db } from '../db/client';
import type { Access } from './principals';

export const REFRESH_TOKEN_DAYS = 30;

export interface LoginUser {
  id: string;
  tenant_id: string;
  role: Role;
  password_hash: string;
  pin_hash: string | null;
  token_version: number;
  active: boolean;
}

/** Deactivated users are found too, so a right password can be told the account is suspended. */
export async function findUserByEmail(db: Db, email: string): Promise<LoginUser | undefined> {
  const [u] = await db<LoginUser[]>`
    select id, tenant_id, role, password_hash, pin_hash, token_version, active from users
    where lower(email) = ${email.toLowerCase()} and deleted_at is null`;
  return u;
}

/** An active user of the tenant (PIN login, refresh): a deactivated one gets no new tokens. */
export async function findUserInTenant(
  db: Db,
  tenantId: string,
  userId: string,
): Promise<LoginUser | undefined> {
  const [u] = await db<LoginUser[]>`
    select id, tenant_id, role, password_hash, pin_hash, token_version, active from users
    where id = ${userId} and tenant_id = ${tenantId} and deleted_at is null and active`;
  return u;
}

/** What an access token of this user may still do (auth/principals.ts); null: no such user. */
export async function loadAccess(db: Db, tenantId: string, userId: string): Promise<Access | null> {
  const [u] = await db<{ role: Role; active: boolean; token_version: number }[]>`
    select role, active, token_version from users
    where id = ${userId} and tenant_id = ${tenantId} and deleted_at is null`;
  return u ? { role: u.role, active: u.active, tokenVersion: u.token_version } : null;
}

/** Issues a refresh token in `familyId` (a new family for a new login). Only its hash is kept. */
export async function issueRefreshToken(
  db: Db,
  user: { id: string; tenant_id: string },
  familyId: string,
  now: Date,
): Promise<string> {
  const token = randomToken(32);
  const expires = new Date(now.getTime() + REFRESH_TOKEN_DAYS * 86400_000);
  await db`
    insert into refresh_tokens (tenant_id, user_id, family_id, token_hash, created_at, expires_at)
    values (${user.tenant_id}, ${user.id}, ${familyId}, ${await sha256Hex(token)}, ${now}, ${expires})`;
  return token;
}

export type RotateResult =
  | { ok: true; user: LoginUser; familyId: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

/**
 * Marks the presented token as used. A token used twice means it leaked (or two devices share it):
 * the whole family is revoked, so the thief's copy dies along with the owner's.
 */
export async function rotateRefreshToken(db: Db, token: string, now: Date): Promise<RotateResult> {
  const hash = await sha256Hex(token);
  const [row] = await db<
    {
      id: string;
      family_id: string;
      user_id: string;
      tenant_id: string;
      expires_at: Date;
      rotated_at: Date | null;
      revoked_at: Date | null;
    }[]
  >`select id, family_id, user_id, tenant_id, expires_at, rotated_at, revoked_at
    from refresh_tokens where token_hash = ${hash}`;
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked_at) return { ok: false, reason: 'revoked' };
  if (row.expires_at <= now) return { ok: false, reason: 'expired' };
  const claimed = await db`
    update refresh_tokens set rotated_at = ${now}
    where id = ${row.id} and rotated_at is null and revoked_at is null returning id`;
  if (row.rotated_at || claimed.length === 0) {
    await revokeFamily(db, row.family_id, now);
    return { ok: false, reason: 'reused' };
  }
  const user = await findUserInTenant(db, row.tenant_id, row.user_id);
  if (!user) return { ok: false, reason: 'revoked' };
  return { ok: true, user, familyId: row.family_id };
}

export async function revokeFamily(db: Db, familyId: string, now: Date): Promise<void> {
  await db`update refresh_tokens set revoked_at = ${now}
           where family_id = ${familyId} and revoked_at is null`;
}

/** RFC 7009: revoking a refresh token ends its whole login; unknown tokens are not an error. */
export async function revokeByToken(db: Db, token: string, now: Date): Promise<void> {
  const hash = await sha256Hex(token);
  const [row] = await db<{ family_id: string }[]>`
    select family_id from refresh_tokens where token_hash = ${hash}`;
  if (row) await revokeFamily(db, row.family_id, now);
}

export async function revokeUserTokens(db: Db, tenantId: string, userId: string, now: Date) {
  await db`update refresh_tokens set revoked_at = ${now}
           where tenant_id = ${tenantId} and user_id = ${userId} and revoked_at is null`;
}

export async function findDeviceByToken(db: Db, token: string) {
  const [d] = await db<{ id: string; tenant_id: string }[]>`
    select id, tenant_id from devices where token_hash = ${await sha256Hex(token)} and revoked_at is null`;
  return d;
}
