/**
 * Cross-tenant matrix (issue 8, item 4), generated from `app.routes`: tenant A's owner calls every
 * route with tenant B's real ids in the path (→ 404), in the body (→ 422, or what the route's
 * protocol says) and in the query (lists never show B's objects). B's rows must be unchanged
 * afterwards. A route added to the app without an entry below (covered, or exempt with a reason)
 * fails the first test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../db/client';
import { testApp } from './app';
import { type Api, apiClient } from './client';
import { createTestDb, type TestDb } from './db';
import { appRoutes, fillPath } from './routes';
import { StripeEmulator } from './stripe-emulator';
import { buildWorld, type World } from './world';

type Pick = (w: World) => string;
interface Covered {
  /** Each path parameter: which object of a world it names. */
  params: Record<string, Pick>;
  /** A parameter that is a credential (a QR token): always the caller's own, never swapped. */
  credential?: string[];
  /** A valid body for the caller's own objects (so only the foreign path id can fail). */
  body?: (own: World) => unknown;
  headers?: (own: World) => Record<string, string>;
  /** Bodies naming the other tenant's objects, sent to the caller's own path: each must fail. */
  foreignBodies?: (own: World, other: World) => unknown[];
  /** Status for foreign body ids (default 422). */
  foreignStatus?: number;
  /** Query strings naming the other tenant's objects (lists: none of B's ids may come back). */
  query?: (own: World, other: World) => string;
}

const id = () => crypto.randomUUID();
const order: Pick = (w) => w.open.id;
const line = (_w: World, productId: string, modifierIds?: string[]) => ({
  id: id(),
  product_id: productId,
  quantity: 1,
  ...(modifierIds ? { modifier_ids: modifierIds } : {}),
});
const coffeeLine = (w: World, sizeOf: World = w) =>
  line(w, w.menu.coffee.id, [sizeOf.menu.size.modifiers[0]!.id]);

/** Routes that name objects, with the ids they need. Keys are `METHOD path` as in app.routes. */
const covered: Record<string, Covered> = {
  'GET /api/v1/users/:id': { params: { id: (w) => w.cashier.id } },
  'PATCH /api/v1/users/:id': { params: { id: (w) => w.cashier.id }, body: () => ({ name: 'X' }) },
  'DELETE /api/v1/users/:id': { params: { id: (w) => w.kitchen.id } },
  'DELETE /api/v1/devices/:id': { params: { id: (w) => w.device.id } },
  'GET /api/v1/orders/:id': { params: { id: order } },
  'POST /api/v1/orders': {
    params: {},
    foreignBodies: (a, b) => [
      { id: id(), type: 'dine_in', table_id: b.menu.table.id, lines: [line(a, a.menu.cake.id)] },
      { id: id(), type: 'dine_in', lines: [line(a, b.menu.cake.id)] },
      { id: id(), type: 'takeaway', lines: [coffeeLine(a, b)] },
    ],
  },
  'POST /api/v1/orders/:id/lines': {
    params: { id: order },
    body: (a) => ({ lines: [line(a, a.menu.water.id)] }),
    foreignBodies: (a, b) => [{ lines: [line(a, b.menu.water.id)] }, { lines: [coffeeLine(a, b)] }],
  },
  'POST /api/v1/orders/:id/lines/:line_id/void': {
    params: { id: order, line_id: (w) => w.open.lineIds[0]! },
    body: () => ({ reason: 'x' }),
  },
  'PATCH /api/v1/orders/:id/lines/:line_id': {
    params: { id: order, line_id: (w) => w.open.lineIds[0]! },
    body: () => ({ status: 'preparing' }),
  },
  'POST /api/v1/orders/:id/bump': { params: { id: order }, body: () => ({ status: 'preparing' }) },
  'POST /api/v1/orders/:id/discount': {
    params: { id: order },
    body: () => ({ kind: 'percent', value: 10, reason: 'x' }),
  },
  'POST /api/v1/orders/:id/void': { params: { id: order }, body: () => ({ reason: 'x' }) },
  'POST /api/v1/orders/:id/close': { params: { id: (w) => w.paid.id } },
  'POST /api/v1/orders/:id/payments': {
    params: { id: order },
    body: () => ({ id: id(), method: 'cash', amount: 1 }),
  },
  'POST /api/v1/orders/:id/payments/:payment_id/cancel': {
    params: { id: (w) => w.pending.id, payment_id: (w) => w.pending.paymentId },
  },
  'POST /api/v1/orders/:id/refunds': {
    params: { id: (w) => w.paid.id },
    body: (a) => ({ id: id(), payment_id: a.paid.paymentId, amount: 1, reason: 'x' }),
    foreignBodies: (_a, b) => [{ id: id(), payment_id: b.paid.paymentId, amount: 1, reason: 'x' }],
  },
  'GET /api/v1/orders/:id/receipt': { params: { id: (w) => w.paid.id } },
  'POST /api/v1/orders/:id/move': {
    params: { id: order },
    body: (a) => ({ table_id: a.menu.table.id }),
    foreignBodies: (_a, b) => [{ table_id: b.menu.table.id }],
  },
  'POST /api/v1/orders/:id/split': {
    params: { id: order },
    body: (a) => ({ id: id(), lines: [{ line_id: a.open.lineIds[0]!, quantity: 1 }] }),
    foreignBodies: (_a, b) => [
      { id: id(), lines: [{ line_id: b.open.lineIds[0]!, quantity: 1 }] },
      // The id of B's order as the new order's id: it names nothing of A's, so A's split may
      // not answer as if it were a replay of it.
      { id: b.open.id, lines: [{ line_id: b.open.lineIds[0]!, quantity: 1 }] },
    ],
  },
  'POST /api/v1/orders/:id/merge': {
    params: { id: order },
    body: (a) => ({ order_ids: [a.guest.id] }),
    foreignBodies: (_a, b) => [{ order_ids: [b.open.id] }, { order_ids: [b.guest.id] }],
  },
  'POST /api/v1/public/tables/:qr_token/orders': {
    params: { qr_token: (w) => w.menu.table.qr_token },
    credential: ['qr_token'],
    foreignBodies: (a, b) => [{ id: id(), lines: [line(a, b.menu.water.id)] }],
  },
  'GET /api/v1/categories/:id': { params: { id: (w) => w.category.id } },
  'PATCH /api/v1/categories/:id': {
    params: { id: (w) => w.category.id },
    body: () => ({ position: 9 }),
  },
  'DELETE /api/v1/categories/:id': { params: { id: (w) => w.category.id } },
  'GET /api/v1/tax-rates/:id': { params: { id: (w) => w.menu.standard.id } },
  'PATCH /api/v1/tax-rates/:id': {
    params: { id: (w) => w.menu.standard.id },
    body: () => ({ rate_bp: 1 }),
  },
  'DELETE /api/v1/tax-rates/:id': { params: { id: (w) => w.menu.standard.id } },
  'GET /api/v1/products/:id': { params: { id: (w) => w.menu.cake.id } },
  'POST /api/v1/products': {
    params: {},
    foreignBodies: (a, b) => [
      { name: 'P1', price: 1, tax_rate_id: b.menu.standard.id },
      { name: 'P2', price: 1, tax_rate_id: a.menu.standard.id, category_id: b.category.id },
      {
        name: 'P3',
        price: 1,
        tax_rate_id: a.menu.standard.id,
        takeaway_tax_rate_id: b.menu.reduced.id,
      },
      {
        name: 'P4',
        price: 1,
        tax_rate_id: a.menu.standard.id,
        modifier_group_ids: [b.menu.size.id],
      },
    ],
  },
  'PATCH /api/v1/products/:id': {
    params: { id: (w) => w.menu.cake.id },
    body: () => ({ price: 1 }),
    foreignBodies: (_a, b) => [
      { tax_rate_id: b.menu.standard.id },
      { category_id: b.category.id },
      { takeaway_tax_rate_id: b.menu.reduced.id },
      { modifier_group_ids: [b.menu.extras.id] },
    ],
  },
  'DELETE /api/v1/products/:id': { params: { id: (w) => w.menu.water.id } },
  'PUT /api/v1/products/:id/image': {
    params: { id: (w) => w.menu.cake.id },
    headers: () => ({ 'content-type': 'image/png' }),
  },
  'DELETE /api/v1/products/:id/image': { params: { id: (w) => w.menu.cake.id } },
  'GET /api/v1/modifier-groups/:id': { params: { id: (w) => w.menu.size.id } },
  'POST /api/v1/modifier-groups': {
    params: {},
    foreignBodies: (_a, b) => [
      { name: 'G', modifiers: [{ id: b.menu.size.modifiers[0]!.id, name: 'Stolen' }] },
    ],
  },
  'PATCH /api/v1/modifier-groups/:id': {
    params: { id: (w) => w.menu.size.id },
    body: () => ({ name: 'Renamed' }),
    foreignBodies: (_a, b) => [
      { modifiers: [{ id: b.menu.size.modifiers[1]!.id, name: 'Stolen', price_delta: 0 }] },
    ],
  },
  'DELETE /api/v1/modifier-groups/:id': { params: { id: (w) => w.menu.extras.id } },
  'GET /api/v1/tables/:id': { params: { id: (w) => w.menu.table.id } },
  'GET /api/v1/tables/:id/qr.svg': { params: { id: (w) => w.menu.table.id } },
  'PATCH /api/v1/tables/:id': {
    params: { id: (w) => w.menu.table.id },
    body: () => ({ seats: 9 }),
  },
  'POST /api/v1/tables/:id/rotate-qr': { params: { id: (w) => w.menu.table.id } },
  'POST /api/v1/products/:id/restore': { params: { id: (w) => w.menu.coffee.id } },
  'DELETE /api/v1/tables/:id': { params: { id: (w) => w.menu.table.id } },
  'GET /api/v1/shifts/:id': { params: { id: (w) => w.shift.id } },
  'GET /api/v1/shifts/:id/z-report': { params: { id: (w) => w.shift.id } },
  'POST /api/v1/shifts/:id/cash-movements': {
    params: { id: (w) => w.shift.id },
    body: () => ({ amount: -1, reason: 'x' }),
  },
  'POST /api/v1/shifts/:id/close': {
    params: { id: (w) => w.shift.id },
    body: () => ({ counted_cash: 0 }),
  },
  'POST /api/v1/auth/pin': {
    params: {},
    headers: (a) => ({ 'x-device-token': a.device.token }),
    // /auth/* speaks OAuth: another tenant's user with the right PIN is an invalid_grant.
    foreignBodies: (_a, b) => [{ user_id: b.pinUser.id, pin: b.pinUser.pin }],
    foreignStatus: 400,
  },
  // Lists and reads without ids: B's ids in the query, and none of B's objects in the answer.
  'GET /api/v1/me': { params: {} },
  'GET /api/v1/tenant': { params: {} },
  'GET /api/v1/users': { params: {} },
  'GET /api/v1/devices': { params: {} },
  'GET /api/v1/orders': {
    params: {},
    query: (_a, b) => `table_id=${b.menu.table.id}`,
  },
  'GET /api/v1/catalog': { params: {} },
  'GET /api/v1/catalog/export': { params: {} },
  'GET /api/v1/categories': { params: {} },
  'GET /api/v1/tax-rates': { params: {} },
  'GET /api/v1/products': { params: {}, query: (_a, b) => `category_id=${b.category.id}` },
  'GET /api/v1/modifier-groups': { params: {} },
  'GET /api/v1/tables': { params: {} },
  'GET /api/v1/floor': { params: {} },
  'GET /api/v1/shifts': { params: {} },
  'GET /api/v1/shifts/current': { params: {} },
  'GET /api/v1/reports/sales': {
    params: {},
    query: () => 'from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&group_by=product',
  },
  'GET /api/v1/audit': { params: {}, query: (_a, b) => `actor=${b.ownerId}` },
  'GET /api/v1/stations': { params: {} },
  'GET /api/v1/stations/:id': { params: { id: (w) => w.station.id } },
  'POST /api/v1/stations': {
    params: {},
    foreignBodies: (_a, b) => [{ name: 'S2', category_ids: [b.category.id] }],
  },
  'PATCH /api/v1/stations/:id': {
    params: { id: (w) => w.station.id },
    body: () => ({ position: 3 }),
    foreignBodies: (_a, b) => [{ category_ids: [b.category.id] }],
  },
  'DELETE /api/v1/stations/:id': { params: { id: (w) => w.station.id } },
  'POST /api/v1/stations/:id/test-print': { params: { id: (w) => w.station.id } },
  'GET /api/v1/kitchen/tickets': { params: {}, query: (_a, b) => `station=${b.station.id}` },
  'GET /api/v1/kitchen/settings': { params: {} },
  'GET /api/v1/print-jobs': { params: {} },
  'GET /api/v1/print-jobs/:id': { params: { id: (w) => w.printJob.id } },
  'POST /api/v1/print-jobs/:id/retry': { params: { id: (w) => w.printJob.id } },
  'POST /api/v1/print-jobs/:id/ack': {
    params: { id: (w) => w.printJob.id },
    headers: (a) => ({ authorization: `Bearer ${a.printBridge.token}` }),
  },
  'POST /api/v1/print-jobs/:id/fail': {
    params: { id: (w) => w.printJob.id },
    body: () => ({ error: 'offline' }),
    headers: (a) => ({ authorization: `Bearer ${a.printBridge.token}` }),
  },
  'GET /api/v1/print-bridges': { params: {} },
  'DELETE /api/v1/print-bridges/:id': { params: { id: (w) => w.printBridge.id } },
  'POST /api/v1/orders/:id/fire': { params: { id: order }, body: () => ({ course: 1 }) },
  'POST /api/v1/orders/:id/print-receipt': {
    params: { id: order },
    body: () => ({}),
    foreignBodies: (_a, b) => [{ station_id: b.station.id }],
  },
};

/** Routes that name no object of a tenant, or whose credential is not a tenant's principal. */
const exempt: Record<string, string> = {
  'GET /healthz': 'process health, no tenant',
  'GET /readyz': 'database health, no tenant',
  'GET /api/v1/openapi.json': 'the API description: the same for everyone, no tenant',
  'GET /api/docs': 'the API reference page: the same for everyone, no tenant',
  'POST /api/v1/auth/token': 'credentials, not ids; a login names one account across tenants',
  'POST /api/v1/auth/revoke': 'a refresh token is its own credential',
  'POST /api/v1/tenants': 'sign-up creates a new tenant',
  'PATCH /api/v1/tenant': 'the caller’s own tenant (from the token); the body has no ids',
  'POST /api/v1/users': 'creates; the body names no existing object',
  'POST /api/v1/devices': 'creates; the body names no existing object',
  'GET /api/v1/devices/current/staff':
    'the device token is the credential; its tenant is the device’s (devices.contract.ts)',
  'POST /api/v1/categories': 'creates; the body names no existing object',
  'POST /api/v1/tax-rates': 'creates; the body names no existing object',
  'POST /api/v1/tables': 'creates; the body names no existing object',
  'POST /api/v1/shifts': 'creates; the body names no existing object',
  'PATCH /api/v1/kitchen/settings': 'the caller’s own tenant (from the token); the body has no ids',
  'POST /api/v1/print-bridges': 'creates; the body names no existing object',
  'POST /api/v1/print-jobs/claim':
    'a print bridge token is its own credential, bound to one tenant (kitchen.contract.ts)',
  'POST /api/v1/catalog/import':
    'a CSV that names categories, rates and groups by name, looked up in the caller’s tenant only',
  'GET /api/v1/public/tables/:qr_token': 'public: the unguessable QR token is the credential',
  'GET /api/v1/public/tables/:qr_token/bills':
    'public: the unguessable QR token is the credential (its table’s bills only)',
  'GET /api/v1/public/orders/:tracking_token': 'public: the tracking token is the credential',
  'POST /api/v1/public/orders/:tracking_token/checkout':
    'public: the tracking token is the credential',
  'POST /api/v1/stripe/webhook': 'Stripe-signed; sessions are looked up by Stripe’s own id',
  'GET /api/v1/images/:key': 'public, content-addressed (SHA-256) files',
  'GET /api/v1/realtime':
    'WebSocket: another tenant’s token closes 4401 (realtime.contract.ts); plain GET is 426',
  'GET /api/v1/public/orders/:token/live':
    'WebSocket for one guest order; the token is the credential',
};

let db: TestDb;
let api: Api;
let a: World;
let b: World;
const stripe = new StripeEmulator();
let listing: ReturnType<typeof appRoutes>;

beforeAll(async () => {
  db = await createTestDb();
  const base = await stripe.start();
  const { app } = testApp(db.sql, {
    config: {
      STRIPE_SECRET_KEY: 'sk_test_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
      STRIPE_API_BASE: base,
    },
  });
  listing = appRoutes(app);
  api = apiClient(async (path, init) => app.request(path, init));
  [a, b] = await Promise.all([buildWorld(api), buildWorld(api)]);
});
afterAll(async () => {
  await stripe.stop();
  await db?.drop();
});

/** A fingerprint of every row of a tenant, in every table that has a tenant_id. */
async function fingerprint(sql: Sql, tenantId: string): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }[]>`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'tenant_id' order by table_name`;
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [row] = await sql<{ h: string; n: number }[]>`
      select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h, count(*)::int as n
      from ${sql(table_name)} t where tenant_id = ${tenantId}`;
    out[table_name] = `${row!.n}:${row!.h}`;
  }
  const [tenant] = await sql<{ t: string }[]>`select t::text from tenants t where id = ${tenantId}`;
  out.tenants = tenant!.t;
  return out;
}

function send(route: { method: string; path: string }, path: string, body: unknown, headers = {}) {
  return api.fetch(path, {
    method: route.method,
    headers: {
      authorization: `Bearer ${a.token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
}

/** Every id of world `w` (to look for leaks in answers). */
const allIds = (w: World) => [...new Set(Object.values(w.ids).flat())];

describe('cross-tenant matrix: tenant A with tenant B’s ids', () => {
  it('covers every route of the app (new routes must be added here)', () => {
    const keys = listing.map((r) => r.key).sort();
    const known = [...Object.keys(covered), ...Object.keys(exempt)].sort();
    expect(
      keys.filter((k) => !known.includes(k)),
      'routes without an entry',
    ).toEqual([]);
    expect(
      known.filter((k) => !keys.includes(k)),
      'entries without a route',
    ).toEqual([]);
    expect(Object.keys(covered).filter((k) => k in exempt)).toEqual([]);
  });

  it('answers 404 to B’s ids in the path, 422 to B’s ids in the body, and never lists B’s objects', async () => {
    const before = await fingerprint(db.sql, b.tenantId);
    const failures: string[] = [];
    const bIds = allIds(b);
    const aIds = allIds(a);
    let checked = 0;
    let ownSeen = 0;
    for (const route of listing) {
      const c = covered[route.key];
      if (!c) continue;
      const names = route.params;
      const swappable = names.filter((n) => !c.credential?.includes(n));
      const own = Object.fromEntries(names.map((n) => [n, c.params[n]!(a)]));
      const headers = c.headers?.(a) ?? {};
      const body = c.body?.(a);
      const isImage = route.key.endsWith('/image') && route.method === 'PUT';
      // Path: every parameter B's (and, for nested objects, A's parent with B's child).
      const variants: Record<string, string>[] = [];
      if (swappable.length) {
        variants.push(
          Object.fromEntries(
            names.map((n) => [n, swappable.includes(n) ? c.params[n]!(b) : own[n]!]),
          ),
        );
        if (swappable.length > 1) {
          for (const n of swappable.slice(1)) variants.push({ ...own, [n]: c.params[n]!(b) });
        }
      }
      // Positive control: A's own ids answer 200 on reads, so a 404 above means "not B's".
      if (route.method === 'GET' && swappable.length) {
        const res = await send(route, fillPath(route.path, own), undefined);
        if (res.status !== 200) failures.push(`${route.key} own ids → ${res.status}`);
        checked++;
      }
      for (const v of variants) {
        checked++;
        const path = fillPath(route.path, v);
        const res = isImage
          ? await api.fetch(path, {
              method: 'PUT',
              headers: { authorization: `Bearer ${a.token}`, ...headers },
              body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
            })
          : await send(route, path, body, headers);
        if (res.status !== 404) {
          failures.push(
            `${route.key} path ${JSON.stringify(v)} → ${res.status} ${(await res.text()).slice(0, 200)}`,
          );
        }
      }
      // Body: A's own path, B's ids in the body.
      for (const fb of c.foreignBodies?.(a, b) ?? []) {
        checked++;
        const res = await send(route, fillPath(route.path, own), fb, headers);
        const want = c.foreignStatus ?? 422;
        if (res.status !== want) {
          failures.push(
            `${route.key} body ${JSON.stringify(fb)} → ${res.status} (want ${want}) ${(await res.text()).slice(0, 200)}`,
          );
        }
        // And the same body with B's path ids: the path decides first.
        if (swappable.length) {
          const foreignPath = Object.fromEntries(
            names.map((n) => [n, swappable.includes(n) ? c.params[n]!(b) : own[n]!]),
          );
          const res2 = await send(route, fillPath(route.path, foreignPath), fb, headers);
          if (res2.status !== 404) failures.push(`${route.key} body+path → ${res2.status}`);
        }
      }
      // Reads without ids (lists, /me, /catalog…): nothing of B's may come back.
      if (route.method === 'GET' && !names.length) {
        const q = c.query?.(a, b);
        const res = await send(route, `${route.path}${q ? `?${q}` : ''}`, undefined);
        const text = await res.text();
        if (res.status >= 300 && res.status !== 404)
          failures.push(`${route.key} → ${res.status} ${text.slice(0, 200)}`);
        ownSeen += aIds.filter((x) => text.includes(x)).length;
        checked++;
        const leaked = bIds.filter((x) => text.includes(x));
        if (leaked.length) failures.push(`${route.key} leaks B's ${leaked.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
    // The lists did show A's own objects (the leak check can see ids), and every case ran.
    expect(ownSeen).toBeGreaterThan(20);
    expect(checked).toBeGreaterThan(80);
    expect(await fingerprint(db.sql, b.tenantId)).toEqual(before);
  });
});
