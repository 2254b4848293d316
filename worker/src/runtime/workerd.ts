/**
 * The Cloudflare Workers entry: the same app as Node, over edge ports (workerd-platform.ts).
 * workerd never migrates: run `npm run migrate` against the database before `wrangler dev`/deploy.
 */

import type { ExecutionContext, ScheduledController } from '@cloudflare/workers-types';
import { type App, createApp } from '../app';
import { ConfigError } from '../config';
import { createSql } from '../db/client';
import { purgeExpired } from '../db/housekeeping';
import {
  type EdgeSettings,
  edgeSettings,
  type WorkerEnv,
  workerdPlatform,
} from './workerd-platform';

// Per isolate: env is fixed for an isolate's life, so config is parsed once. Apps are cheap but not
// free to build; with PUBLIC_URL unset there is one per origin the worker is reached on.
let settings: EdgeSettings | undefined;
const apps = new Map<string, App>();

function appFor(request: Request, env: WorkerEnv): App {
  settings ??= edgeSettings(env);
  // Without PUBLIC_URL the origin the request came in on is the public one: right for
  // `wrangler dev` on any port and for a single custom domain. Set it when several hostnames
  // route to the worker and links must always name one of them.
  const publicUrl = settings.raw.PUBLIC_URL ?? new URL(request.url).origin;
  let app = apps.get(publicUrl);
  if (!app) {
    if (apps.size >= 16) apps.clear(); // a Host header is client-controlled: keep this bounded
    app = createApp(workerdPlatform(env, settings, publicUrl));
    apps.set(publicUrl, app);
  }
  return app;
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let app: App;
    try {
      app = appFor(request, env);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      console.error(e.message);
      const body = { type: 'about:blank', title: 'Misconfigured', status: 500, detail: e.message };
      return new Response(JSON.stringify(body), {
        status: 500,
        headers: { 'content-type': 'application/problem+json; charset=utf-8' },
      });
    }
    return app.fetch(request, env, ctx);
  },

  /**
   * Housekeeping, on the cron in wrangler.toml: what Node runs hourly in process (expired events,
   * idempotency keys, closed throttle windows). One short-lived connection, like a request's.
   */
  async scheduled(_controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext) {
    settings ??= edgeSettings(env);
    const sql = createSql(settings.databaseUrl, {
      max: 1,
      fetchTypes: false,
      connectTimeoutSeconds: 5,
    });
    try {
      const purged = await purgeExpired(sql, new Date());
      console.log(`housekeeping: ${JSON.stringify(purged)}`);
    } catch (e) {
      console.error('housekeeping failed', e);
      throw e;
    } finally {
      ctx.waitUntil(sql.end({ timeout: 1 }));
    }
  },
};

// One instance per tenant (`idFromName(tenantId)`): the realtime hub (WebSocket Hibernation API).
export { TenantHub } from './tenant-hub';
