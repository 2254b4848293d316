/**
 * Input fuzzing (issue 8, item 3): every route of the app, enumerated from `app.routes`, gets at
 * least 200 generated bad requests on the real Postgres: values derived from the route's zod schemas
 * that break them, malformed JSON, wrong content types, empty, oversized (413) and 10k-deep bodies,
 * numeric edge literals as raw JSON text, bad path ids, bad query strings and bad tokens.
 * Every answer must be < 500; every 4xx must be problem+json {type, title, status} (RFC 6749
 * {error, error_description} under /auth/*); where the right status is certain, it is checked too.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { JSON_BODY_LIMIT } from '../app';
import { auditQuery } from '../audit/routes';
import { pinBody } from '../auth/routes';
import { importQuery } from '../catalog/menu-routes';
import {
  catalogQuery,
  createCategory,
  createModifierGroup,
  createProduct,
  createTaxRate,
  patchCategory,
  patchModifierGroup,
  patchProduct,
  patchTaxRate,
  productListQuery,
} from '../catalog/schemas';
import { listQuery } from '../common/pagination';
import type { Sql } from '../db/client';
import { createDevice } from '../devices/routes';
import {
  claimBody,
  createBridge,
  createStation,
  failBody,
  fireBody,
  kitchenSettings,
  patchStation,
  printJobsQuery,
  printReceiptBody,
  ticketsQuery,
} from '../kitchen/schemas';
import {
  addLines,
  createOrder,
  discountBody,
  guestCheckout,
  guestOrder,
  lineStatusBody,
  listOrdersQuery,
  voidBody,
} from '../orders/schemas';
import { createPayment, createRefund } from '../payments/schemas';
import { salesQuery } from '../reports/schemas';
import { cashMovement, closeShift, openShift } from '../shifts/schemas';
import {
  createTable,
  mergeBody,
  moveBody,
  patchTable,
  splitBody,
  tableListQuery,
} from '../tables/schemas';
import { signUp, tenantPatch } from '../tenants/schemas';
import { createUser, patchUser } from '../users/schemas';
import { testApp } from './app';
import { apiClient, uniq } from './client';
import { createTestDb, type TestDb } from './db';
import {
  deepJson,
  deepNest,
  edgeLiterals,
  invalidFor,
  jsonSchemaOf,
  malformedJson,
  mutated,
  nastyScalar,
  slotsOf,
  withEdgeLiteral,
  withRandomIds,
} from './fuzz-values';
import { appRoutes, fillPath, paramKind, type RouteInfo } from './routes';
import { StripeEmulator } from './stripe-emulator';
import { buildWorld, type World } from './world';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const V1 = '/api/v1';

interface Spec {
  /** The JSON body's zod schema and a valid example (client ids fresh on every call). */
  body?: z.ZodType;
  valid?: (w: World) => unknown;
  /** The query's zod schema and a valid example. */
  query?: z.ZodType;
  validQuery?: (w: World) => Record<string, string>;
  /** Bodies that are not JSON: OAuth forms, raw image bytes, Stripe's signed webhook. */
  kind?: 'form' | 'image' | 'webhook' | 'websocket' | 'csv';
  headers?: (w: World) => Record<string, string>;
  /** Authenticated by a print bridge token: the 'owner' cases send the world's bridge token. */
  bridge?: boolean;
}

const id = () => crypto.randomUUID();
const line = (w: World) => ({
  id: id(),
  product_id: w.menu.coffee.id,
  quantity: 2,
  modifier_ids: [w.menu.size.modifiers[0]!.id, w.menu.extras.modifiers[1]!.id],
  note: 'no foam',
});

/** Routes that take a JSON body, their schema and a valid example; write routes must be here. */
const specs: Record<string, Spec> = {
  'POST /api/v1/auth/token': { kind: 'form' },
  'POST /api/v1/auth/revoke': { kind: 'form' },
  'POST /api/v1/auth/pin': {
    body: pinBody,
    valid: (w) => ({ user_id: w.pinUser.id, pin: '1234' }),
    headers: (w) => ({ 'x-device-token': w.device.token }),
  },
  'POST /api/v1/tenants': {
    body: signUp,
    valid: () => ({
      name: 'Fuzz café',
      slug: uniq('fz').toLowerCase().slice(0, 30),
      currency: 'EUR',
      tax_inclusive: true,
      timezone: 'Europe/Berlin',
      owner: { email: `${uniq('fz')}@fuzz.test`, password: 'fuzz-password', name: 'Owner' },
    }),
  },
  'PATCH /api/v1/tenant': {
    body: tenantPatch,
    valid: () => ({ name: 'Fuzz café', cash_rounding: 5, address: 'Main St 1', tax_id: 'DE1' }),
  },
  'GET /api/v1/users': { query: listQuery },
  'POST /api/v1/users': {
    body: createUser,
    valid: () => ({
      email: `${uniq('u')}@fuzz.test`,
      name: 'Fuzzed',
      role: 'waiter',
      password: 'fuzz-password',
      pin: '4321',
    }),
  },
  'PATCH /api/v1/users/:id': { body: patchUser, valid: () => ({ name: 'Renamed' }) },
  'POST /api/v1/devices': { body: createDevice, valid: () => ({ name: 'Till 2' }) },
  'GET /api/v1/orders': {
    query: listQuery.extend(listOrdersQuery.shape),
    validQuery: (w) => ({
      status: 'open',
      table_id: w.menu.table.id,
      from: '2020-01-01T00:00:00Z',
      to: '2100-01-01T00:00:00+02:00',
      limit: '5',
    }),
  },
  'POST /api/v1/orders': {
    body: createOrder,
    valid: (w) => ({
      id: id(),
      type: 'dine_in',
      table_id: w.menu.table.id,
      note: 'window seat',
      lines: [line(w), { id: id(), product_id: w.menu.cake.id, quantity: 1 }],
    }),
  },
  'POST /api/v1/orders/:id/lines': { body: addLines, valid: (w) => ({ lines: [line(w)] }) },
  'POST /api/v1/orders/:id/lines/:line_id/void': { body: voidBody, valid: () => ({ reason: 'x' }) },
  'PATCH /api/v1/orders/:id/lines/:line_id': {
    body: lineStatusBody,
    valid: () => ({ status: 'preparing' }),
  },
  'POST /api/v1/orders/:id/bump': { body: lineStatusBody, valid: () => ({ status: 'ready' }) },
  'POST /api/v1/orders/:id/discount': {
    body: discountBody,
    valid: () => ({ kind: 'amount', value: 10, reason: 'regular' }),
  },
  'POST /api/v1/orders/:id/void': { body: voidBody, valid: () => ({ reason: 'mistake' }) },
  'POST /api/v1/orders/:id/payments': {
    body: createPayment,
    valid: () => ({ id: id(), method: 'cash', amount: 100, tendered: 500, tip: 10 }),
  },
  'POST /api/v1/orders/:id/refunds': {
    body: createRefund,
    valid: (w) => ({ id: id(), payment_id: w.paid.paymentId, amount: 1, reason: 'cold' }),
  },
  'POST /api/v1/orders/:id/move': { body: moveBody, valid: (w) => ({ table_id: w.menu.table.id }) },
  'POST /api/v1/orders/:id/split': {
    body: splitBody,
    valid: (w) => ({ id: id(), lines: [{ line_id: w.open.lineIds[0]!, quantity: 1 }] }),
  },
  'POST /api/v1/orders/:id/merge': { body: mergeBody, valid: (w) => ({ order_ids: [w.guest.id] }) },
  'POST /api/v1/public/orders/:tracking_token/checkout': {
    body: guestCheckout,
    valid: () => ({ amount: 1 }),
  },
  'POST /api/v1/public/tables/:qr_token/orders': {
    body: guestOrder,
    valid: (w) => ({ id: id(), lines: [line(w)], note: 'table by the door' }),
  },
  'POST /api/v1/stripe/webhook': { kind: 'webhook' },
  'GET /api/v1/catalog': { query: catalogQuery, validQuery: () => ({ since: '1' }) },
  'POST /api/v1/catalog/import': {
    kind: 'csv',
    query: importQuery,
    validQuery: () => ({ dry_run: 'true' }),
  },
  'GET /api/v1/categories': { query: listQuery },
  'POST /api/v1/categories': {
    body: createCategory,
    valid: () => ({ name: uniq('C'), position: 3 }),
  },
  'PATCH /api/v1/categories/:id': { body: patchCategory, valid: () => ({ position: 1 }) },
  'GET /api/v1/tax-rates': { query: listQuery },
  'POST /api/v1/tax-rates': {
    body: createTaxRate,
    valid: () => ({ name: 'Zero', rate_bp: 0, position: 2 }),
  },
  'PATCH /api/v1/tax-rates/:id': { body: patchTaxRate, valid: () => ({ name: 'Renamed' }) },
  'GET /api/v1/products': {
    query: productListQuery,
    validQuery: (w) => ({ barcode: '4006381333931', category_id: w.category.id, limit: '10' }),
  },
  'POST /api/v1/products': {
    body: createProduct,
    valid: (w) => ({
      name: uniq('P'),
      description: 'Fresh',
      price: 250,
      tax_rate_id: w.menu.standard.id,
      takeaway_tax_rate_id: w.menu.reduced.id,
      category_id: w.category.id,
      sku: null,
      barcode: null,
      available: true,
      position: 1,
      modifier_group_ids: [w.menu.extras.id],
    }),
  },
  'PATCH /api/v1/products/:id': {
    body: patchProduct,
    valid: (w) => ({ price: 360, modifier_group_ids: [w.menu.size.id], available: true }),
  },
  'PUT /api/v1/products/:id/image': { kind: 'image' },
  'GET /api/v1/modifier-groups': { query: listQuery },
  'POST /api/v1/modifier-groups': {
    body: createModifierGroup,
    valid: () => ({
      name: 'Sauce',
      min: 0,
      max: 2,
      modifiers: [{ name: 'Ketchup', price_delta: 0, available: true }, { name: 'Mayo' }],
    }),
  },
  'PATCH /api/v1/modifier-groups/:id': {
    body: patchModifierGroup,
    valid: (w) => ({
      name: 'Extras',
      min: 0,
      max: 3,
      modifiers: w.menu.extras.modifiers.map((m) => ({
        id: m.id,
        name: m.name,
        price_delta: m.price_delta,
      })),
    }),
  },
  'GET /api/v1/tables': { query: tableListQuery },
  'POST /api/v1/tables': {
    body: createTable,
    valid: () => ({ name: uniq('T').slice(0, 30), area: 'Terrace', seats: 2, position: 1 }),
  },
  'PATCH /api/v1/tables/:id': { body: patchTable, valid: () => ({ seats: 6, area: '' }) },
  'POST /api/v1/shifts': { body: openShift, valid: () => ({ opening_float: 10_000 }) },
  'GET /api/v1/shifts': { query: listQuery },
  'POST /api/v1/shifts/:id/cash-movements': {
    body: cashMovement,
    valid: () => ({ amount: -500, reason: 'bank drop' }),
  },
  'POST /api/v1/shifts/:id/close': { body: closeShift, valid: () => ({ counted_cash: 9_500 }) },
  'GET /api/v1/reports/sales': {
    query: salesQuery,
    validQuery: () => ({
      from: '2020-01-01T00:00:00Z',
      to: '2100-01-01T00:00:00+01:00',
      group_by: 'category',
    }),
  },
  'GET /api/v1/audit': {
    query: auditQuery,
    validQuery: (w) => ({ actor: w.ownerId, action: 'order.*', from: '2020-01-01T00:00:00Z' }),
  },
  'GET /api/v1/realtime': { kind: 'websocket', validQuery: (w) => ({ tenant: w.tenantId }) },
  'POST /api/v1/stations': {
    body: createStation,
    valid: (w) => ({ name: uniq('S'), category_ids: [w.category.id], printer: { host: 'p1' } }),
  },
  'PATCH /api/v1/stations/:id': {
    body: patchStation,
    valid: () => ({ position: 2, printer: { host: '10.0.0.5', port: 9100 } }),
  },
  'GET /api/v1/kitchen/tickets': {
    query: ticketsQuery,
    validQuery: (w) => ({ station: w.station.id }),
  },
  'PATCH /api/v1/kitchen/settings': {
    body: kitchenSettings,
    valid: () => ({ amber_minutes: 7, red_minutes: 14 }),
  },
  'GET /api/v1/print-jobs': { query: printJobsQuery, validQuery: () => ({ status: 'queued' }) },
  'POST /api/v1/print-bridges': { body: createBridge, valid: () => ({ name: 'Back office' }) },
  'POST /api/v1/print-jobs/claim': { body: claimBody, valid: () => ({ limit: 1 }), bridge: true },
  'POST /api/v1/print-jobs/:id/ack': { bridge: true },
  'POST /api/v1/print-jobs/:id/fail': {
    body: failBody,
    valid: () => ({ error: 'off' }),
    bridge: true,
  },
  'POST /api/v1/orders/:id/fire': { body: fireBody, valid: () => ({ course: 2 }) },
  'POST /api/v1/orders/:id/print-receipt': {
    body: printReceiptBody,
    valid: (w) => ({ station_id: w.station.id }),
  },
  'GET /api/v1/public/orders/:token/live': { kind: 'websocket' },
};

/** POST/PUT/PATCH routes that take no body at all (anything sent is ignored). */
const noBody = new Set([
  'POST /api/v1/orders/:id/close',
  'POST /api/v1/orders/:id/payments/:payment_id/cancel',
  'POST /api/v1/tables/:id/rotate-qr',
  'POST /api/v1/stations/:id/test-print',
  'POST /api/v1/print-jobs/:id/retry',
  'POST /api/v1/print-jobs/:id/ack',
  'POST /api/v1/products/:id/restore',
]);

const publicPrefixes = [
  '/healthz',
  '/readyz',
  `${V1}/auth/`,
  `${V1}/tenants`,
  `${V1}/public/`,
  `${V1}/stripe/`,
  `${V1}/images/`,
  `${V1}/realtime`,
  `${V1}/openapi.json`,
  '/api/docs',
];
const isPublic = (path: string) => publicPrefixes.some((p) => path.startsWith(p));
const isOAuth = (path: string) => path.startsWith(`${V1}/auth/`);

// ─── cases ─────────────────────────────────────────────────────────────────────────────────────

type Body =
  | { type: 'none' }
  | { type: 'json'; value: unknown }
  | { type: 'text'; text: string }
  | { type: 'bytes'; bytes: Uint8Array }
  | { type: 'oversize' }
  | { type: 'deep' };

interface Case {
  label: string;
  params: Record<string, string>;
  query: string;
  auth: 'owner' | 'kitchen' | 'none' | 'garbage';
  contentType: string | null;
  body: Body;
  extraHeaders: Record<string, string>;
  /** Statuses that are right for this case when it is certain which; else only < 500. */
  expect?: number[];
}

const badIds = fc.oneof(
  fc.constantFrom(
    'x',
    '1',
    '-1',
    '0',
    'null',
    'undefined',
    'me',
    '00000000000000000000000000000000',
    '0f8fad5b-d9cb-469f-a165-70867728950',
    '0f8fad5b-d9cb-469f-a165-70867728950ez',
    '{0f8fad5b-d9cb-469f-a165-70867728950e}',
    'g0000000-0000-0000-0000-000000000000',
    'é',
    '.x.',
    '%',
    ' ',
    '\u0000',
    'a'.repeat(5000),
    "1' or '1'='1",
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
);

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const cursorGarbage = fc.oneof(
  fc.constantFrom(
    'x',
    '!!!',
    '%%%',
    '====',
    'e30',
    b64url('[]'),
    b64url('null'),
    b64url('{"a":1}'),
  ),
  fc.string({ maxLength: 60 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => b64url(JSON.stringify(v))),
);
/** Cursors of the right shape with bad values: these reach the SQL. */
const cursorShaped = fc
  .record(
    {
      position: fc.oneof(fc.integer(), nastyScalar),
      name: fc.oneof(fc.string(), nastyScalar),
      id: fc.oneof(fc.uuid(), nastyScalar),
      at: fc.oneof(
        fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())),
        nastyScalar,
      ),
    },
    { requiredKeys: [] },
  )
  .map((v) => b64url(JSON.stringify(v)));

function queryCases(spec: Spec | undefined, w: World): fc.Arbitrary<{ q: string; bad?: boolean }> {
  const encode = (o: Record<string, unknown>) =>
    new URLSearchParams(
      Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    ).toString();
  const valid = spec?.validQuery?.(w) ?? {};
  const arbs: fc.Arbitrary<{ q: string; bad?: boolean }>[] = [
    fc.constant({ q: encode(valid) }),
    fc
      .dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 30 }), { maxKeys: 3 })
      .map((o) => ({ q: encode({ ...valid, ...o }) })),
    fc.constantFrom('a=%', '%%', '&&&', '=', '?', 'a[b]=1', 'limit=1&limit=2').map((q) => ({ q })),
  ];
  const schema = spec?.query ? jsonSchemaOf(spec.query) : undefined;
  if (schema?.properties?.limit) {
    arbs.push(
      fc
        .constantFrom('0', '501', 'abc', '-1', '1.5', '', '1e3', '5000', ' 5', '0x10')
        .map((limit) => ({ q: encode({ ...valid, limit }), bad: true })),
      cursorGarbage.map((cursor) => ({ q: encode({ cursor }), bad: true })),
      cursorShaped.map((cursor) => ({ q: encode({ cursor }) })),
    );
  }
  if (schema?.properties) {
    const keys = Object.keys(schema.properties);
    arbs.push(
      fc
        .tuple(fc.constantFrom(...keys), fc.oneof(badIds, fc.string({ maxLength: 40 })))
        .map(([k, v]) => ({ q: encode({ ...valid, [k]: v }) })),
    );
  }
  return fc.oneof(...arbs);
}

function paramArb(route: RouteInfo, name: string, w: World) {
  const real = w.ids[paramKind(route.path, name)] ?? [];
  return fc.oneof(
    { weight: real.length ? 6 : 0, arbitrary: real.length ? fc.constantFrom(...real) : fc.uuid() },
    { weight: 2, arbitrary: fc.uuid() },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...(real.length ? real : [id()])).map((v) => v.toUpperCase()),
    },
    { weight: 3, arbitrary: badIds.map((v) => `\u0001bad:${v}`) },
  );
}
const isBadParam = (v: string) => v.startsWith('\u0001bad:');
const paramValue = (v: string) => (isBadParam(v) ? v.slice(5) : v);

const contentTypes = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'image/png',
  ';;;',
  '',
);

function bodyArb(
  spec: Spec | undefined,
  w: World,
): fc.Arbitrary<{
  body: Body;
  contentType: string | null;
  certain400?: boolean;
  validBody?: boolean;
}> {
  const json = (value: unknown) => ({
    body: { type: 'json' as const, value },
    contentType: 'application/json',
  });
  const text = (t: string, certain400 = false) => ({
    body: { type: 'text' as const, text: t },
    contentType: 'application/json',
    certain400,
  });
  const reads = !!(spec?.body || spec?.kind === 'form' || spec?.kind === 'webhook');
  const common = [
    {
      weight: 1,
      arbitrary: fc.constant({
        body: { type: 'oversize' as const },
        contentType: 'application/json',
        certain413: true,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constant({
        body: { type: 'deep' as const },
        contentType: 'application/json',
        certain400: reads,
      }),
    },
    { weight: 2, arbitrary: malformedJson.map((t) => text(t, reads && spec?.kind !== 'form')) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.string({ maxLength: 200 }), contentTypes)
        .map(([t, ct]) => ({ body: { type: 'text' as const, text: t }, contentType: ct || null })),
    },
    { weight: 1, arbitrary: fc.constant({ body: { type: 'none' as const }, contentType: null }) },
    {
      weight: 1,
      arbitrary: fc.constant({ body: { type: 'none' as const }, contentType: 'application/json' }),
    },
  ];
  if (spec?.kind === 'form') {
    const keys = fc.constantFrom(
      'grant_type',
      'username',
      'password',
      'refresh_token',
      'token',
      'scope',
      '',
    );
    const values = fc.oneof(
      fc.constantFrom('password', 'refresh_token', 'client_credentials', '', w.pinUser.id),
      fc.constant(`${'x'.repeat(300)}@fuzz.test`),
      fc.constant('y'.repeat(10_000)),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    return fc.oneof(
      ...common,
      {
        weight: 8,
        arbitrary: fc.array(fc.tuple(keys, values), { maxLength: 5 }).map((pairs) => ({
          body: { type: 'text' as const, text: new URLSearchParams(pairs).toString() },
          contentType: 'application/x-www-form-urlencoded',
        })),
      },
      {
        weight: 2,
        arbitrary: fc.string({ maxLength: 100 }).map((t) => ({
          body: { type: 'text' as const, text: t },
          contentType: 'application/x-www-form-urlencoded; charset=utf-8',
        })),
      },
    );
  }
  if (spec?.kind === 'image') {
    const magic = fc.constantFrom(
      [0xff, 0xd8, 0xff, 0xe0],
      [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0x7f,
        0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff,
      ],
      [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50],
      [],
    );
    return fc.oneof(...common, {
      weight: 8,
      arbitrary: fc
        .tuple(
          magic,
          fc.uint8Array({ maxLength: 300 }),
          fc.constantFrom('image/png', 'image/jpeg', 'image/webp', 'image/gif', 'IMAGE/PNG'),
        )
        .map(([m, rest, ct]) => ({
          body: { type: 'bytes' as const, bytes: new Uint8Array([...m, ...rest]) },
          contentType: ct,
        })),
    });
  }
  if (spec?.kind === 'csv') {
    // Menu spreadsheets: random cells, quotes and separators, sent as text/csv.
    const cell = fc.oneof(
      fc.constantFrom('name', 'category', 'price', 'rate', 'sku', '=1+1', '"', '3,40', '1e400', ''),
      fc.string({ maxLength: 20 }),
    );
    return fc.oneof(...common, {
      weight: 8,
      arbitrary: fc
        .tuple(
          fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 6 }),
          fc.constantFrom(',', ';', '\t'),
          fc.constantFrom('\n', '\r\n'),
          fc.boolean(),
        )
        .map(([rows, sep, eol, bom]) => ({
          body: {
            type: 'text' as const,
            text: `${bom ? '\uFEFF' : ''}name,category,price,rate\n${rows.map((r) => r.join(sep)).join(eol)}`,
          },
          contentType: 'text/csv',
        })),
    });
  }
  if (spec?.kind === 'webhook') {
    return fc.oneof(...common, { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(json) });
  }
  if (!spec?.body || !spec.valid) return fc.oneof(...common);
  const schema = jsonSchemaOf(spec.body);
  const valid = () => spec.valid!(w);
  const example = valid();
  const integerSlots = new Set(
    slotsOf(schema, example)
      .filter((s) => s.schema.type === 'integer')
      .map((s) => JSON.stringify(s.path)),
  );
  const certainBadLiterals = new Set([
    'NaN',
    '1e400',
    '-1e400',
    '9007199254740993',
    '1.5',
    'Infinity',
    '0x10',
    '"12"',
    '0.0000001',
    '01',
    '+1',
    '1_000',
  ]);
  return fc.oneof(
    ...common,
    {
      weight: 10,
      arbitrary: mutated(schema, example).map((v) => json(withFreshIds(v, example, valid))),
    },
    { weight: 2, arbitrary: invalidFor(schema).map(json) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...slotsOf(schema, example).filter((s) => s.path.length)),
          fc.constantFrom(...edgeLiterals),
        )
        .map(([slot, literal]) => {
          const marker = '__EDGE__';
          const base = valid();
          let node: unknown = base;
          for (const p of slot.path.slice(0, -1))
            node = (node as Record<string | number, unknown>)[p];
          (node as Record<string | number, unknown>)[slot.path[slot.path.length - 1]!] = marker;
          const t = JSON.stringify(base).replace(`"${marker}"`, literal);
          const certain =
            integerSlots.has(JSON.stringify(slot.path)) && certainBadLiterals.has(literal);
          return { ...text(t), certain400: certain };
        }),
    },
    { weight: 1, arbitrary: withEdgeLiteral(schema, example).map((t) => text(t)) },
    { weight: 2, arbitrary: fc.constant(null).map(() => json(withRandomIds(valid()))) },
    { weight: 2, arbitrary: fc.constant(null).map(() => ({ ...json(valid()), validBody: true })) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 100, max: 3000 }).map((d) => json(deepNest(d, valid()))),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constant(null), contentTypes).map(([, ct]) => ({
        body: { type: 'text' as const, text: JSON.stringify(valid()) },
        contentType: ct || null,
      })),
    },
  );
}

/** Client ids in a mutated example are reused across cases: give each case its own. */
function withFreshIds(value: unknown, example: unknown, _valid: () => unknown): unknown {
  const fresh = JSON.stringify(value);
  const ids = JSON.stringify(example).match(/"id":"[0-9a-f-]{36}"/g) ?? [];
  let out = fresh;
  for (const m of ids) out = out.split(m).join(`"id":"${id()}"`);
  return JSON.parse(out);
}

function caseArb(route: RouteInfo, w: World): fc.Arbitrary<Case> {
  const spec = specs[route.key];
  const params = fc.record(
    Object.fromEntries(route.params.map((p) => [p, paramArb(route, p, w)])) as Record<
      string,
      fc.Arbitrary<string>
    >,
  );
  const hasBody = !['GET', 'HEAD'].includes(route.method);
  const body: ReturnType<typeof bodyArb> = hasBody
    ? bodyArb(spec, w)
    : fc.constant({ body: { type: 'none' }, contentType: null });
  const auth = fc.constantFrom(
    'owner',
    'owner',
    'owner',
    'owner',
    'owner',
    'owner',
    'kitchen',
    'none',
    'garbage',
  ) as fc.Arbitrary<Case['auth']>;
  const extra = fc.oneof(
    { weight: 6, arbitrary: fc.constant(spec?.headers?.(w) ?? {}) },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          'x-device-token': fc.oneof(
            fc.string({ maxLength: 300 }),
            fc.constant(w.device.token.toUpperCase()),
          ),
          'x-request-id': fc.string({ maxLength: 200 }),
          'if-none-match': fc.string({ maxLength: 30 }),
          'accept-encoding': fc.constantFrom(
            'br',
            'gzip;q=0',
            '*',
            'identity;q=0, *;q=0',
            'x'.repeat(500),
          ),
          accept: fc.constantFrom('application/json', 'text/csv', '*/*', 'x'),
          'stripe-signature': fc.string({ maxLength: 100 }),
          'idempotency-key': fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('k1', 'k2')),
        },
        { requiredKeys: [] },
      ),
    },
  );
  return fc
    .record({ params, query: queryCases(spec, w), auth, body, extra })
    .map(({ params, query, auth, body, extra }) => {
      // A reused Idempotency-Key answers 409 before anything else looks at the request.
      const keyed = 'idempotency-key' in (extra as Record<string, string>);
      const expect = keyed
        ? undefined
        : expectations(route, spec, params, query.bad ?? false, auth, body);
      const kind =
        body.body.type === 'json' || body.body.type === 'text' ? body.body.type : body.body.type;
      return {
        label: `${kind}${body.certain400 ? '!400' : ''}${query.bad ? ' badquery' : ''} ${auth}`,
        params,
        query: query.q,
        auth,
        contentType: body.contentType,
        body: body.body,
        extraHeaders: extra as Record<string, string>,
        expect,
      };
    });
}

function expectations(
  route: RouteInfo,
  spec: Spec | undefined,
  params: Record<string, string>,
  badQuery: boolean,
  auth: Case['auth'],
  body: {
    body: Body;
    certain400?: boolean;
    certain413?: boolean;
    validBody?: boolean;
    contentType: string | null;
  },
): number[] | undefined {
  // The body limit runs before everything else, whether the route reads the body or not.
  if (body.body.type === 'oversize') return spec?.kind === 'image' ? undefined : [413];
  // A path value of `.` or `..` is a dot segment: the URL is normalised to another path (often no
  // route at all), so nothing can be expected of this route.
  if (Object.values(params).some((v) => ['.', '..'].includes(paramValue(v)))) return undefined;
  const authed = isPublic(route.path) || auth === 'owner';
  if (!isPublic(route.path) && (auth === 'none' || auth === 'garbage')) return [401];
  if (!authed) return undefined;
  if (spec?.kind === 'websocket') return undefined;
  if (body.certain400) return [400];
  if (badQuery && route.method === 'GET') return [400];
  const anyBad = Object.values(params).some(isBadParam);
  const noBodyRoute = !spec?.body && spec?.kind !== 'form' && spec?.kind !== 'image';
  if (anyBad && (noBodyRoute || body.validBody) && !badQuery) {
    // A token that cannot be one (a NUL byte, say) may also be refused as malformed.
    const tokenParam = Object.keys(params).some(
      (p) => /token|key/.test(p) && isBadParam(params[p]!),
    );
    return tokenParam ? [400, 404] : [404];
  }
  return undefined;
}

// ─── running ───────────────────────────────────────────────────────────────────────────────────

let db: TestDb;
let app: ReturnType<typeof testApp>['app'];
let world: World;
const stripe = new StripeEmulator();
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
const oversize = `{"a":"${'x'.repeat(JSON_BODY_LIMIT)}"}`;
const imageOversize = new Uint8Array(5 * 1024 * 1024 + 10);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  db = await createTestDb();
  const base = await stripe.start();
  app = testApp(db.sql, {
    config: {
      STRIPE_SECRET_KEY: 'sk_test_fuzz',
      STRIPE_WEBHOOK_SECRET: 'whsec_fuzz',
      STRIPE_API_BASE: base,
    },
  }).app;
  world = await buildWorld(apiClient(async (path, init) => app.request(path, init)));
});

afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await stripe.stop();
  await db?.drop();
});

function materialise(c: Case, route: RouteInfo): [string, RequestInit] {
  const values = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, paramValue(v)]));
  const path = fillPath(route.path, values) + (c.query ? `?${c.query}` : '');
  const headers: Record<string, string> = { ...c.extraHeaders };
  if (c.contentType !== null) headers['content-type'] = c.contentType;
  if (c.auth === 'owner') {
    const bridge = specs[route.key]?.bridge;
    headers.authorization = `Bearer ${bridge ? world.printBridge.token : world.token}`;
  }
  if (c.auth === 'kitchen') headers.authorization = `Bearer ${world.kitchen.token}`;
  if (c.auth === 'garbage') headers.authorization = `Bearer ${world.token.slice(0, -3)}abc`;
  let body: BodyInit | undefined;
  switch (c.body.type) {
    case 'json':
      body = JSON.stringify(c.body.value) ?? 'null';
      break;
    case 'text':
      body = c.body.text;
      break;
    case 'bytes':
      body = c.body.bytes as Uint8Array<ArrayBuffer>;
      break;
    case 'oversize':
      body =
        specs[route.key]?.kind === 'image' ? (imageOversize as Uint8Array<ArrayBuffer>) : oversize;
      break;
    case 'deep':
      body = deepJson;
      break;
  }
  return [path, { method: route.method, headers, body }];
}

async function problemsOf(route: RouteInfo, c: Case, res: Response): Promise<string[]> {
  const out: string[] = [];
  const text = await res.text();
  if (res.status >= 500) out.push(`status ${res.status}: ${text.slice(0, 300)}`);
  if (!res.headers.get('x-request-id')) out.push('no X-Request-Id');
  if (res.status >= 400 && res.status < 500) {
    const type = res.headers.get('content-type') ?? '';
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text);
    } catch {
      out.push(`${res.status} body is not JSON: ${text.slice(0, 100)}`);
    }
    if (isOAuth(route.path)) {
      if (!type.startsWith('application/json')) out.push(`${res.status} content-type ${type}`);
      if (json && typeof json.error !== 'string')
        out.push(`${res.status} no OAuth error: ${text.slice(0, 200)}`);
      if (
        json &&
        json.error_description !== undefined &&
        typeof json.error_description !== 'string'
      )
        out.push('error_description is not a string');
    } else {
      if (!type.startsWith('application/problem+json'))
        out.push(`${res.status} content-type ${type}`);
      if (
        json &&
        (typeof json.type !== 'string' ||
          typeof json.title !== 'string' ||
          json.status !== res.status)
      )
        out.push(`${res.status} not a problem: ${text.slice(0, 200)}`);
    }
  }
  if (c.expect && !c.expect.includes(res.status)) {
    out.push(`expected ${c.expect.join('|')}, got ${res.status}: ${text.slice(0, 200)}`);
  }
  return out;
}

const listing = appRoutes(testApp({} as Sql).app);
const stats: Record<string, { runs: number; statuses: Record<number, number> }> = {};

describe('fuzzing every route (app.request, real Postgres)', () => {
  it('has a body spec (schema or kind) for every route that takes a body', () => {
    const writes = listing.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
    const missing = writes.filter(
      (r) => !specs[r.key]?.body && !specs[r.key]?.kind && !noBody.has(r.key),
    );
    expect(missing.map((r) => r.key)).toEqual([]);
    const stale = Object.keys(specs).filter((k) => !listing.some((r) => r.key === k));
    expect(stale).toEqual([]);
  });

  for (const route of listing) {
    it(`${route.key}: ${RUNS} bad requests, none ≥ 500, errors well formed`, async () => {
      const failures: { label: string; problems: string[]; request: string }[] = [];
      const s: (typeof stats)[string] = { runs: 0, statuses: {} };
      stats[route.key] = s;
      await fc.assert(
        fc.asyncProperty(caseArb(route, world), async (c) => {
          const [path, init] = materialise(c, route);
          const res = await app.request(path, init);
          s.runs++;
          s.statuses[res.status] = (s.statuses[res.status] ?? 0) + 1;
          const problems = await problemsOf(route, c, res);
          if (problems.length) {
            const shown =
              typeof init.body === 'string' ? init.body.slice(0, 300) : `<${c.body.type}>`;
            failures.push({
              label: c.label,
              problems,
              request: `${route.method} ${path.slice(0, 200)} ct=${c.contentType} body=${shown}`,
            });
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
      expect(s.runs).toBeGreaterThanOrEqual(RUNS);
      const shown = failures
        .slice(0, 8)
        .map((f) => `${f.label} | ${f.problems.join('; ').slice(0, 400)} | ${f.request}`);
      expect(shown, `${failures.length} bad answers`).toEqual([]);
    }, 120_000);
  }

  it('left no unhandled rejection', () => {
    if (process.env.FUZZ_STATS) console.log(JSON.stringify(stats, null, 1));
    expect(rejections).toEqual([]);
  });
});
