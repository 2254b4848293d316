import type { Context } from 'hono';
import type { AppEnv } from '../common/env';
import { notFound } from '../common/errors';
import type { Db } from '../db/client';
import { getTenant, type Tenant } from '../tenants/store';

export async function tenantOf(db: Db, tenantId: string): Promise<Tenant> {
  const t = await getTenant(db, tenantId);
  if (!t) throw notFound('Tenant');
  return t;
}

export const now = (c: Context<AppEnv>) => c.get('platform').clock.now();
