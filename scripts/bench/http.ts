import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare, hash } from '@node-rs/bcrypt';
import { bumpVersion } from '../../worker/src/catalog/store';
import { apiClient, newTenant } from '../../worker/src/test/client';
import { createTestDb, type TestDb } from '../../worker/src/test/db';
import { buildMenu } from '../../worker/src/test/menu';
import { freePort } from '../../worker/src/test/server-process';
import { combine, type LoadResult, load } from './load';
import { startServer } from './orders';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 8;
const PRODUCTS = 2000;

export interface BenchRow {
  metric: string;
  value: number;
  baseline: number;
  ratio: number;
  target: string;
  /** p99 latency in ms, of the measured path and of its baseline. */
  p99?: { value: number; baseline: number };
}

/** The bare node:http baseline (bare-http.ts) as a child process, like the app under test. */
async function bareServer(env: Record<string, string>) {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/bench/bare-http.ts'],
    { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`bare server exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) ok();
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((ok) => {
        child.removeAllListeners('exit');
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

/** The answer's bytes as sent on the wire (fetch would decode them). */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>(
    (ok, fail) => {
      request(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          ok({
            status: res.statusCode ?? 0,
            headers: res.headers as Record<string, string>,
            body: Buffer.concat(chunks),
          }),
        );
      })
        .on('error', fail)
        .end();
    },
  );
}

/** 2,000 products in 12 categories, bulk-loaded in one catalog version (the API would take minutes). */
export async function seedProducts(
  db: TestDb,
  tenantId: string,
  menu: { standard: { id: string } },
) {
  await db.sql.begin(async (tx) => {
    const version = await bumpVersion(tx, tenantId);
    const categories = await tx<{ id: string }[]>`
      insert into categories ${tx(
        Array.from({ length: 12 }, (_, i) => ({
          tenant_id: tenantId,
          name: `Category ${i}`,
          position: i,
          version,
        })),
      )} returning id`;
    const rows = Array.from({ length: PRODUCTS }, (_, i) => ({
      tenant_id: tenantId,
      category_id: categories[i % categories.length]!.id,
      name: `Product ${i} ${['Latte', 'Cheesecake', 'Sourdough', 'Matcha'][i % 4]}`,
      description: i % 3 ? null : 'Oat milk, cinnamon and a little caramel',
      price: 100 + ((i * 37) % 1500),
      tax_rate_id: menu.standard.id,
      sku: `SKU-${String(i).padStart(6, '0')}`,
      position: i % 50,
      version,
    }));
    await tx`insert into products ${tx(rows)}`;
  });
}

const ms = (n: number) => n.toFixed(1);
const line = (what: string, app: LoadResult, bare: LoadResult) =>
  console.log(
    `${what}: app ${app.throughput.toFixed(0)} req/s p99 ${ms(app.p99)} ms; bare node:http ${bare.throughput.toFixed(0)} req/s p99 ${ms(bare.p99)} ms (${app.errors}/${bare.errors} errors)`,
  );

/**
 * Physical baselines measured in the same run. Against a bare node:http server in its own process
 * (bare-http.ts: the same HMAC token check, the same bytes and headers): a cached GET /catalog of
 * 2,000 products, compressed (≥ 0.8×), its 304 (≥ 0.8×), and /healthz (≥ 0.9×). Password logins
 * against a raw bcrypt loop at the same cost and concurrency (≥ 0.9×).
 */
export async function run(): Promise<{ name: string; rows: BenchRow[] }> {
  const db = await createTestDb();
  const secret = randomBytes(32).toString('hex');
  const server = await startServer({
    DATABASE_URL: db.url,
    JWT_SECRET: secret,
    BCRYPT_COST: '10',
    SIGNUP_LIMIT: '0', // the bench signs up many tenants from one address
    TRUST_PROXY: 'true',
  });
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'comanda-bench-http-'));
  try {
    const api = apiClient((path, init) => fetch(`${server.url}${path}`, init));
    const t = await newTenant(api);
    const menu = await buildMenu(api, t.token);
    await seedProducts(db, t.tenant.id, menu);
    const auth = { authorization: `Bearer ${t.token}`, 'accept-encoding': 'br, gzip' };
    const first = await rawGet(`${server.url}/api/v1/catalog`, auth);
    if (first.status !== 200) throw new Error(`GET /catalog: ${first.status}`);
    const etag = first.headers.etag ?? '';
    const encoding = first.headers['content-encoding'] ?? '';
    writeFileSync(join(dir, 'catalog'), first.body);
    const bare = await bareServer({
      JWT_SECRET: secret,
      BODY_FILE: join(dir, 'catalog'),
      ETAG: etag,
      ENCODING: encoding,
    });
    const pair = async (
      what: string,
      metric: string,
      target: string,
      r: { path: string; headers?: Record<string, string>; expect?: number },
    ) => {
      const next = () => ({ method: 'GET', ...r });
      const run = (url: string, seconds: number) =>
        load({ url, connections: CONNECTIONS, seconds, next, raw: true });
      // Both warm (JIT, caches, the client too) before anything counts.
      await run(server.url, 1);
      await run(bare.url, 1);
      // Interleaved in quarters, app-bare-bare-app-app-bare-bare-app: on a shared machine the
      // load from elsewhere drifts, and a drift must not land on one side only.
      const apps: LoadResult[] = [];
      const bares: LoadResult[] = [];
      for (const appFirst of [true, false, true, false]) {
        const slice = SECONDS / 4;
        if (appFirst) apps.push(await run(server.url, slice));
        bares.push(await run(bare.url, slice));
        if (!appFirst) apps.push(await run(server.url, slice));
      }
      const app = combine(apps);
      const base = combine(bares);
      line(what, app, base);
      rows.push({
        metric,
        value: app.throughput,
        baseline: base.throughput,
        ratio: app.throughput / base.throughput,
        target,
        p99: { value: app.p99, baseline: base.p99 },
      });
    };
    try {
      await pair(
        `catalog GET (${PRODUCTS} products, ${first.body.byteLength} B ${encoding || 'identity'})`,
        'cached GET /catalog vs bare node:http',
        '≥ 0.8×',
        { path: '/api/v1/catalog', headers: auth },
      );
      await pair('catalog GET → 304', 'GET /catalog → 304 vs bare node:http', '≥ 0.8×', {
        path: '/api/v1/catalog',
        headers: { ...auth, 'if-none-match': etag },
        expect: 304,
      });
      await pair('/healthz', 'GET /healthz vs bare node:http', '≥ 0.9×', { path: '/healthz' });
    } finally {
      await bare.stop();
    }

    // Logins: the correct password, from many addresses (so no throttle applies), at cost 10.
    let n = 0;
    const loginRun = await load({
      url: server.url,
      connections: CONNECTIONS,
      seconds: SECONDS,
      next: () => ({
        method: 'POST',
        path: '/api/v1/auth/token',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n++ & 255}`,
        },
        body: new URLSearchParams({
          grant_type: 'password',
          username: t.email,
          password: t.password,
        }).toString(),
      }),
    });
    const stored = await hash(t.password, 10);
    let done = 0;
    const until = performance.now() + SECONDS * 1000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < until) {
          await compare(t.password, stored);
          done++;
        }
      }),
    );
    const rawRate = done / ((performance.now() - t0) / 1000);
    console.log(
      `login: app ${loginRun.throughput.toFixed(1)}/s (p99 ${loginRun.p99.toFixed(0)} ms, ${loginRun.errors} errors); raw bcrypt cost 10 ${rawRate.toFixed(1)}/s`,
    );
    rows.push({
      metric: 'password login vs raw bcrypt (cost 10)',
      value: loginRun.throughput,
      baseline: rawRate,
      ratio: loginRun.throughput / rawRate,
      target: '≥ 0.9×',
    });
    return { name: 'http', rows };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}
