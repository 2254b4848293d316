import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { auditLog } from './audit/routes';
import { auth } from './auth/routes';
import { images, isImageUpload } from './catalog/images';
import { MAX_IMAGE_BYTES } from './catalog/ports';
import { catalog, categories, modifierGroups, products, taxRates } from './catalog/routes';
import { HEALTH, requestIdOf } from './common/answers';
import { databaseBudget } from './common/database-budget';
import type { AppEnv } from './common/env';
import { AppError, notFound, unavailable } from './common/errors';
import { problem, toAppError } from './common/errors-handler';
import { readBody } from './common/read-body';
import { type GuestPageRenderer, guestPage } from './delivery/guest-page';
import { htmlSecurityHeaders, isHtml } from './delivery/headers';
import { currentDevice } from './devices/current';
import { devices } from './devices/routes';
import { kitchen, orderPrinting, printBridges, printJobs, stations } from './kitchen/routes';
import { apiDocs } from './openapi/serve';
import { guest } from './orders/guest-routes';
import { orders } from './orders/routes';
import { payments } from './payments/routes';
import { stripeWebhook } from './payments/webhook';
import type { Platform } from './platform';
import { realtime } from './realtime/routes';
import { reports } from './reports/routes';
import { shifts } from './shifts/routes';
import { publicTables, tables } from './tables/routes';
import { floor, tableService } from './tables/service-routes';
import { me, signup, tenant } from './tenants/routes';
import { users } from './users/routes';

export const JSON_BODY_LIMIT = 1024 * 1024;
/** Longest an API request may wait (mostly for the database) before answering 503. */
export const REQUEST_TIMEOUT_MS = 5000;
/** Longest a client may take to send a request body before answering 408. */
export const BODY_TIMEOUT_MS = 10_000;

export interface AppOptions {
  /** Names of the migration files this build expects applied (for /readyz). */
  migrations?: string[];
  /** Static PWA handlers (Node); workerd serves assets before the worker runs. */
  assets?: MiddlewareHandler[];
  /** Tests shorten the time budgets (REQUEST_TIMEOUT_MS, BODY_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** The server-rendered guest page (/t/{qr_token}), from the PWA's build when there is one. */
  guestPage?: GuestPageRenderer;
}

/**
 * nosniff on every answer; the CSP, Referrer-Policy and frame denial on every HTML page, unless
 * the page set its own CSP (the SSR guest page admits its hydration script by hash).
 */
function secureHeaders(c: Context<AppEnv>) {
  if (c.res.status === 101) return; // a WebSocket upgrade has no body to sniff
  setHeader(c, 'X-Content-Type-Options', 'nosniff');
  // JSON answers (nearly all) need only that; HTML gets the rest, unless its route set its own.
  if (!isHtml(c.res.headers.get('content-type'))) return;
  for (const [k, v] of Object.entries(htmlSecurityHeaders())) {
    if (!c.res.headers.has(k)) setHeader(c, k, v);
  }
}

function setHeader(c: Context<AppEnv>, name: string, value: string) {
  try {
    c.res.headers.set(name, value);
  } catch {
    // Responses passed through from elsewhere may have immutable headers: copy, then set.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(name, value);
  }
}

/** The whole HTTP API, runtime-agnostic: each runtime builds a Platform and calls this. */
export function createApp(platform: Platform, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const id = requestIdOf(c.req.header('x-request-id'));
    c.set('requestId', id);
    c.set('platform', platform);
    const started = platform.config.LOG_REQUESTS ? Date.now() : 0;
    await next();
    c.header('X-Request-Id', id);
    secureHeaders(c);
    if (platform.config.LOG_REQUESTS) {
      // One line per request; the path only (query strings may carry cursors, never tokens).
      console.log(`${c.req.method} ${c.req.path} ${c.res.status} ${Date.now() - started}ms ${id}`);
    }
  });

  app.onError((err, c) => {
    const known = toAppError(err, platform.sql.isUnavailable);
    if (known) return problem(c, known);
    console.error(`[${c.get('requestId')}] ${c.req.method} ${c.req.path}`, err);
    return problem(
      c,
      new AppError(
        500,
        'https://comanda.dev/problems/internal',
        'Internal error',
        'Something went wrong on our side.',
      ),
    );
  });
  app.notFound((c) => problem(c, notFound('Route')));

  app.get('/healthz', (c) => c.body(HEALTH.body, 200, HEALTH.headers));
  app.get('/readyz', async (c) => {
    const sql = platform.sql.open();
    try {
      const rows = await sql<{ name: string }[]>`select name from schema_migrations`;
      const applied = new Set(rows.map((r) => r.name));
      const pending = (options.migrations ?? []).filter((m) => !applied.has(m));
      const hub = platform.hub.status();
      const body = { status: pending.length ? 'migrating' : 'ok', database: 'ok', pending, hub };
      return c.json(body, pending.length ? 503 : 200);
    } catch {
      return c.json({ status: 'unavailable', database: 'unreachable' }, 503, {
        'Retry-After': '2',
      });
    } finally {
      await platform.sql.close(sql);
    }
  });

  // The API's description and reference: static, so ahead of the database middleware below.
  app.route('/', apiDocs);

  const api = new Hono<AppEnv>();
  const requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // The whole body first, within BODY_TIMEOUT_MS (408 past it), so the database budget below
  // measures the database, not a slow client. Image uploads carry their own 5 MiB limit.
  api.use(
    readBody({
      maxBytes: (c) =>
        isImageUpload(c.req.method, c.req.path) ? MAX_IMAGE_BYTES : JSON_BODY_LIMIT,
      timeoutMs: options.bodyTimeoutMs ?? BODY_TIMEOUT_MS,
    }),
  );
  api.use(
    databaseBudget(requestTimeoutMs, (c) =>
      problem(c, unavailable('The database did not answer in time; try again shortly.')),
    ),
  );
  api.route('/auth', auth);
  api.route('/tenants', signup);
  api.route('/me', me);
  api.route('/tenant', tenant);
  api.route('/users', users);
  // Before /devices: these answer to the device's own token, not a manager's bearer token.
  api.route('/devices/current', currentDevice);
  api.route('/devices', devices);
  api.route('/orders', orders);
  api.route('/orders', payments);
  api.route('/orders', tableService);
  api.route('/floor', floor);
  api.route('/orders', orderPrinting);
  api.route('/public', guest);
  api.route('/stripe', stripeWebhook);
  api.route('/catalog', catalog);
  api.route('/categories', categories);
  api.route('/tax-rates', taxRates);
  api.route('/products', products);
  api.route('/modifier-groups', modifierGroups);
  api.route('/images', images);
  api.route('/tables', tables);
  api.route('/public', publicTables);
  api.route('/shifts', shifts);
  api.route('/reports', reports);
  api.route('/audit', auditLog);
  api.route('/stations', stations);
  api.route('/kitchen', kitchen);
  api.route('/print-jobs', printJobs);
  api.route('/print-bridges', printBridges);
  api.route('/', realtime);

  app.route('/api/v1', api);
  if (options.guestPage) app.route('/', guestPage(options.guestPage, requestTimeoutMs));
  for (const handler of options.assets ?? []) {
    app.get('*', async (c, next) => (c.req.path.startsWith('/api/') ? next() : handler(c, next)));
  }
  return app;
}

export type App = ReturnType<typeof createApp>;
