import type { Sql } from '../db/client';
import type { Passwords } from '../platform';
import { insertUser, type User } from '../users/store';
import { insertTenant, type Tenant } from './store';

export type SignUpResult =
  | { ok: true; tenant: Tenant; user: User }
  | { ok: false; reason: 'slug-taken' | 'email-taken' };

/** Creates a tenant and its first owner in one transaction (used by sign-up and the demo seed). */
export async function signUpTenant(
  sql: Sql,
  passwords: Passwords,
  input: {
    name: string;
    slug: string;
    currency: string;
    tax_inclusive?: boolean;
    timezone?: string;
    owner: { email: string; password: string; name: string };
  },
): Promise<SignUpResult> {
  const passwordHash = await passwords.hash(input.owner.password);
  return sql
    .begin(async (tx) => {
      const tenant = await insertTenant(tx, {
        slug: input.slug,
        name: input.name,
        currency: input.currency,
        tax_inclusive: input.tax_inclusive ?? false,
        timezone: input.timezone ?? 'UTC',
      });
      if (!tenant) throw new Rollback('slug-taken');
      const user = await insertUser(tx, {
        tenantId: tenant.id,
        email: input.owner.email,
        name: input.owner.name,
        role: 'owner',
        passwordHash,
        pinHash: null,
      });
      if (!user) throw new Rollback('email-taken');
      return { ok: true as const, tenant, user };
    })
    .catch((e: unknown) => {
      if (e instanceof Rollback) return { ok: false as const, reason: e.reason };
      throw e;
    });
}

class Rollback extends Error {
  constructor(readonly reason: 'slug-taken' | 'email-taken') {
    super(reason);
  }
}
