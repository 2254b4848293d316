import type { Role } from '../common/env';
import type { Db } from '../db/client';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  has_pin: boolean;
  /** false: deactivated; the user keeps their history but cannot log in. */
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

const columns = (db: Db) =>
  db`id, email, name, role, (pin_hash is not null) as has_pin, active, created_at, updated_at`;

export async function getUser(db: Db, tenantId: string, id: string): Promise<User | undefined> {
  const [u] = await db<User[]>`
    select ${columns(db)} from users
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`;
  return u;
}

export async function listUsers(
  db: Db,
  tenantId: string,
  limit: number,
  after?: { name: string; id: string },
): Promise<User[]> {
  return db<User[]>`
    select ${columns(db)} from users
    where tenant_id = ${tenantId} and deleted_at is null
      ${after ? db`and (name, id) > (${after.name}, ${after.id})` : db``}
    order by name, id limit ${limit}`;
}

/** Inserts unless the email is taken in any tenant (emails name one account). */
export async function insertUser(
  db: Db,
  u: {
    tenantId: string;
    email: string;
    name: string;
    role: Role;
    passwordHash: string;
    pinHash: string | null;
  },
): Promise<User | undefined> {
  const [row] = await db<{ id: string }[]>`
    insert into users (tenant_id, email, name, role, password_hash, pin_hash)
    values (${u.tenantId}, ${u.email}, ${u.name}, ${u.role}, ${u.passwordHash}, ${u.pinHash})
    on conflict (lower(email)) where deleted_at is null do nothing
    returning id`;
  return row ? getUser(db, u.tenantId, row.id) : undefined;
}

export async function updateUser(
  db: Db,
  tenantId: string,
  id: string,
  patch: {
    email?: string;
    name?: string;
    role?: Role;
    password_hash?: string;
    pin_hash?: string | null;
    active?: boolean;
  },
  /** Ends every access token issued so far (the tokens carry the version they were issued at). */
  endTokens = false,
): Promise<User | undefined> {
  const cols = Object.keys(patch) as (keyof typeof patch)[];
  if (cols.length) {
    await db`update users set ${db(patch as Record<string, unknown>, ...cols)}, updated_at = now()
             where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`;
  }
  if (endTokens) {
    await db`update users set token_version = token_version + 1, updated_at = now()
             where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`;
  }
  return getUser(db, tenantId, id);
}

export async function emailTaken(db: Db, email: string, exceptId?: string): Promise<boolean> {
  const rows = await db`select 1 from users where lower(email) = ${email.toLowerCase()}
    and deleted_at is null ${exceptId ? db`and id <> ${exceptId}` : db``}`;
  return rows.length > 0;
}

export async function countOwners(db: Db, tenantId: string): Promise<number> {
  const [r] = await db<{ n: number }[]>`
    select count(*)::int as n from users
    where tenant_id = ${tenantId} and role = 'owner' and active and deleted_at is null`;
  return r!.n;
}

export async function softDeleteUser(db: Db, tenantId: string, id: string): Promise<void> {
  await db`update users set deleted_at = now(), updated_at = now(), token_version = token_version + 1
           where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`;
}
