import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from '../app';
import { publishCommitted } from '../common/publish';
import { type Config, ConfigError, parseConfig } from '../config';
import { createSql } from '../db/client';
import { purgeExpired } from '../db/housekeeping';
import { migrate } from '../db/migrate';
import type { GuestPageRenderer } from '../delivery/guest-page';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../demo/seed';
import { CLOSE, type RealtimeOptions, realtimeOptions } from '../realtime/protocol';
import { trackRequests } from './drain';
import { type EmbeddedDb, startEmbeddedDb } from './embedded-db';
import { loadEnvFile } from './env-file';
import { fastPath } from './fast-path';
import { readMigrations } from './migrations-fs';
import { createNodeHub, createWebSocketServer } from './node-hub';
import { nodePlatform } from './node-platform';
import { startPrintDispatcher } from './print-dispatcher';
import { nodeStatic } from './static-node';

const PWA_DIRS = ['pwa/dist', 'pwa/public'];

/**
 * The server half of the guest page, built with the PWA (pwa/build.ts). Without a build the guest
 * page is rendered in the browser from the app shell, as before.
 */
async function guestRenderer(
  staticRoot: string | undefined,
): Promise<GuestPageRenderer | undefined> {
  const file = staticRoot && resolve(staticRoot, '.server/guest-page.js');
  if (!file || !existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as { renderer: GuestPageRenderer };
  return mod.renderer;
}

/** Without JWT_SECRET (embedded quick start) a random one is kept under data/, never in the repo. */
function jwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export interface StartOptions {
  /** Listen on this port instead of PORT (0: any free one; tests run several instances). */
  port?: number;
  /** Realtime timings (tests shorten the 30 s heartbeat). */
  realtime?: Partial<RealtimeOptions>;
}

export async function startNode(env: NodeJS.ProcessEnv = process.env, start: StartOptions = {}) {
  const raw = parseConfig(env);
  const embedded = !raw.DATABASE_URL;
  if (!embedded && !raw.JWT_SECRET) {
    throw new ConfigError(
      'Invalid configuration:\n  JWT_SECRET: required when DATABASE_URL is set',
    );
  }
  const config: Config = {
    ...raw,
    JWT_SECRET: raw.JWT_SECRET ?? jwtSecret(raw.DATA_DIR),
    PUBLIC_URL: raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`,
  };

  let db: EmbeddedDb | undefined;
  let url = raw.DATABASE_URL;
  if (!url) {
    db = await startEmbeddedDb(join(config.DATA_DIR, 'pgdata'));
    url = db.url;
  }
  // PGlite serves one session, so the embedded pool is a single connection.
  const sql = createSql(url, { max: embedded ? 1 : 10, connectTimeoutSeconds: 3 });
  const migrations = readMigrations();
  const applied = await migrate(sql, migrations);
  if (applied.length) console.log(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);

  const rt = realtimeOptions(start.realtime);
  const hub = createNodeHub(config, sql, rt);
  const platform = nodePlatform(config, sql, hub);
  const seed = config.SEED_DEMO === 'true' || (config.SEED_DEMO === 'auto' && embedded);
  const seeded = seed ? await seedDemo(sql, platform.passwords) : false;

  const staticRoot = PWA_DIRS.find((d) => existsSync(d));
  const app = createApp(platform, {
    migrations: migrations.map((m) => m.name),
    assets: staticRoot ? [nodeStatic(staticRoot)] : [],
    guestPage: await guestRenderer(staticRoot),
  });

  const fast = fastPath(platform);
  const server = serve({
    fetch: app.fetch,
    // The hottest reads skip the adapter and Hono when they can be answered from memory.
    createServer: ((options: ServerOptions, listener: RequestListener) =>
      createServer(options, (req, res) => {
        requests.track(res);
        if (!fast(req, res)) void listener(req, res);
      })) as typeof createServer,
    port: start.port ?? config.PORT,
    hostname: '0.0.0.0',
    websocket: { server: createWebSocketServer(rt) },
  });
  const requests = trackRequests(server as Server);
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;

  console.log(`Comanda is running on http://localhost:${port}`);
  console.log(
    `  database: ${embedded ? `embedded PGlite under ${resolve(config.DATA_DIR)}` : 'DATABASE_URL'}`,
  );
  if (seed) {
    console.log(
      `  demo tenant "demo"${seeded ? ' created' : ''}; logins (password ${DEMO_PASSWORD}):`,
    );
    for (const u of DEMO_LOGINS) console.log(`    ${u.role.padEnd(8)} ${u.email}`);
  }

  let stopping = false;
  // Hourly housekeeping (expired events, idempotency keys, throttle windows); first run soon after start.
  const housekeeping = () =>
    purgeExpired(sql, new Date()).catch((e: unknown) => {
      console.warn(`housekeeping failed: ${e instanceof Error ? e.message : e}`);
    });
  const firstRun = setTimeout(housekeeping, 60_000);
  const hourly = setInterval(housekeeping, 3600_000);
  firstRun.unref();
  hourly.unref();
  // Kitchen and receipt printers on the café's network (the edge uses a print bridge instead).
  const printer =
    config.PRINT_DISPATCH === 'direct'
      ? startPrintDispatcher(sql, {
          maxDelayMs: config.PRINT_RETRY_MAX_MS,
          baseDelayMs: Math.min(2000, config.PRINT_RETRY_MAX_MS),
          publish: (tenantId, events) => publishCommitted(platform, tenantId, events),
        })
      : undefined;

  /**
   * A clean shutdown (SIGTERM from `docker stop`, Ctrl-C): live screens are told to reconnect
   * (1012, to another instance if there is one), no new connection is accepted, the requests in
   * flight finish (at most DRAIN_MS) with the hub and the pool still open for them, then both close.
   */
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearTimeout(firstRun);
    clearInterval(hourly);
    await printer?.stop();
    const sockets = hub.sockets.size;
    hub.sockets.closeAll(CLOSE.restart, 'Server restarting.');
    console.log(
      `Shutting down: ${requests.inFlight} request(s) in flight, ${sockets} socket(s) told to reconnect`,
    );
    const { waitedMs, cut } = await requests.drain();
    console.log(
      cut
        ? `Drain bound reached after ${waitedMs} ms: ${cut} request(s) cut off`
        : `Drained in ${waitedMs} ms`,
    );
    await hub.close();
    await sql.end({ timeout: 2 });
    await db?.stop();
    console.log('Stopped.');
  };
  return { app, platform, sql, server, port, stop };
}

// fileURLToPath, not URL.pathname: the latter stays percent-encoded ("my%20apps"), so from a path
// with spaces the comparison failed and `npm start` exited without starting anything.
const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  // config.env in the working directory (git-ignored), as the README promises; real env wins.
  loadEnvFile(resolve('config.env'));
  startNode()
    .then(({ stop }) => {
      const shutdown = () => {
        stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    })
    .catch((e: unknown) => {
      if (e instanceof ConfigError || (e instanceof Error && e.name === 'MigrationError')) {
        console.error(e.message);
      } else {
        console.error('Comanda failed to start:', e);
      }
      process.exit(1);
    });
}
