import { seedDemoCatalog } from '../catalog/demo-menu';
import type { Sql } from '../db/client';
import type { Passwords } from '../platform';
import { seedDemoTables } from '../tables/demo';
import { signUpTenant } from '../tenants/signup';
import { insertUser } from '../users/store';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_LOGINS = [
  { email: 'owner@demo.test', name: 'Olivia Owner', role: 'owner' },
  { email: 'manager@demo.test', name: 'Marco Manager', role: 'manager' },
  { email: 'cashier@demo.test', name: 'Carla Cashier', role: 'cashier' },
  { email: 'waiter@demo.test', name: 'Wes Waiter', role: 'waiter' },
  { email: 'kitchen@demo.test', name: 'Kim Kitchen', role: 'kitchen' },
] as const;

/** Hooks later domains add to fill the demo tenant (menu, tables…), run once after it is created. */
export type DemoSeeder = (sql: Sql, tenantId: string) => Promise<void>;
const seeders: DemoSeeder[] = [];
export const addDemoSeeder = (s: DemoSeeder) => seeders.push(s);
addDemoSeeder(seedDemoCatalog);
addDemoSeeder(seedDemoTables);

/** Creates the `demo` tenant once. Returns false when it already exists. */
export async function seedDemo(sql: Sql, passwords: Passwords): Promise<boolean> {
  const [existing] = await sql`select id from tenants where slug = 'demo'`;
  if (existing) return false;
  const [owner, ...staff] = DEMO_LOGINS;
  const result = await signUpTenant(sql, passwords, {
    name: 'Café Comanda',
    slug: 'demo',
    currency: 'EUR',
    tax_inclusive: true,
    timezone: 'Europe/Berlin',
    owner: { email: owner.email, password: DEMO_PASSWORD, name: owner.name },
  });
  if (!result.ok) throw new Error(`Could not seed the demo tenant: ${result.reason}`);
  const tenantId = result.tenant.id;
  await sql`update tenants set address = 'Hauptstraße 1, 10115 Berlin', tax_id = 'DE123456789'
            where id = ${tenantId}`;
  const hash = await passwords.hash(DEMO_PASSWORD);
  const pin = await passwords.hash('1234');
  for (const u of staff) {
    await insertUser(sql, {
      tenantId,
      email: u.email,
      name: u.name,
      role: u.role,
      passwordHash: hash,
      pinHash: pin,
    });
  }
  for (const s of seeders) await s(sql, tenantId);
  // The demo shows a set-up café: its currency and tax step is done, new products start at the
  // standard rate.
  await sql`update tenants set tax_confirmed = true,
              default_tax_rate_id = (select id from tax_rates where tenant_id = ${tenantId}
                                     order by rate_bp desc limit 1)
            where id = ${tenantId}`;
  return true;
}
