import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient, newTenant } from '../../worker/src/test/client';
import { createTestDb } from '../../worker/src/test/db';
import { buildMenu, type Menu } from '../../worker/src/test/menu';
import { startServerProcess } from '../../worker/src/test/server-process';
import { load, percentile } from './load';
import { singleStatementScript, tracedOrderScripts } from './order-sql';

const TENANTS = 100;
const CONNECTIONS = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = 2;
/** pgbench over one script per tenant: until every client has prepared every script. */
const SCRIPTS_WARM_UP_SECONDS = 25;

/** The server as a child process: the load generator must not share its event loop. */
export async function startServer(env: Record<string, string>) {
  // BENCH_CPU_PROF=dir: the server writes a V8 CPU profile there when it stops.
  const prof = process.env.BENCH_CPU_PROF;
  const args = ['--import', 'tsx', 'worker/src/runtime/node.ts'];
  if (prof) args.unshift('--cpu-prof', `--cpu-prof-dir=${prof}`);
  const server = await startServerProcess(env, undefined, args);
  return { url: server.url, stop: () => server.stop() };
}

/**
 * pgbench at the app's connections over `scripts` (picked at random per transaction, as the load
 * picks tenants), with prepared statements as postgres.js uses them.
 *
 * Each traced script carries its tenant's values as literals, so each is prepared (parsed and
 * planned) by each client on its first use, where the app prepares one text per connection once.
 * Those first uses are warm-up: with 100 scripts a client needs a few hundred transactions to have
 * met them all, so the run is long enough for that and the window measured starts after the last
 * first use (counting them made pgbench look 2× slower than it is, and the app's ratio better).
 */
function pgbench(
  url: string,
  scripts: string[],
): Promise<{ tps: number; p50: number; p99: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'comanda-pgbench-'));
  const files = scripts.map((text, i) => {
    const file = join(dir, `order-${i}.sql`);
    writeFileSync(file, text);
    return ['-f', `${file}@1`];
  });
  return new Promise((ok, fail) => {
    const child = spawn(
      'pgbench',
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        String(CONNECTIONS),
        '-j',
        '2',
        '-T',
        String(SECONDS + (scripts.length > 1 ? SCRIPTS_WARM_UP_SECONDS : WARM_UP_SECONDS)),
        '-l',
        '--log-prefix',
        join(dir, 'log'),
        ...files.flat(),
        url,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`pgbench failed: ${out}`));
      // Per transaction: client, number, latency µs, script, end time (epoch s, µs). Left out:
      // the first WARM_UP_SECONDS, as the app's warm-up is, and everything up to the last
      // client's first use of a script (see above).
      const done: { at: number; ms: number }[] = [];
      const seen = new Set<string>();
      let lastFirstUse = 0;
      for (const f of readdirSync(dir).filter((x) => x.startsWith('log'))) {
        for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
          const [client, , us, script, sec, usec] = line.split(' ').map(Number);
          if (!us || sec === undefined || usec === undefined) continue;
          const at = sec + usec / 1e6;
          done.push({ at, ms: us / 1000 });
          const key = `${client}:${script}`;
          if (!seen.has(key)) {
            seen.add(key);
            lastFirstUse = Math.max(lastFirstUse, at);
          }
        }
      }
      const start = done.reduce((m, d) => Math.min(m, d.at), Infinity);
      const from = Math.max(start + WARM_UP_SECONDS, lastFirstUse);
      const measured = done.filter((d) => d.at > from);
      const until = measured.reduce((m, d) => Math.max(m, d.at), from);
      if (until - from < SECONDS / 2)
        return fail(new Error(`pgbench: ${(until - from).toFixed(1)} s measured after warm-up`));
      const tps = measured.length / (until - from);
      const lat = measured.map((d) => d.ms).sort((a, b) => a - b);
      ok({ tps, p50: percentile(lat, 50), p99: percentile(lat, 99) });
    });
  });
}

/**
 * POST /orders at 8 connections over 100 tenants against pgbench running the SQL the route sends
 * (traced from it, order-sql.ts) and the best single-statement form of the same writes, on the
 * same database in the same run; prints throughput, p50/p99 and the ratios.
 */
export async function run() {
  const db = await createTestDb();
  const secret = randomBytes(32).toString('hex');
  const server = await startServer({
    DATABASE_URL: db.url,
    JWT_SECRET: secret,
    BCRYPT_COST: '4',
    SIGNUP_LIMIT: '0', // the bench signs up many tenants from one address
  });
  try {
    const api = apiClient((path, init) => fetch(`${server.url}${path}`, init));
    const tenants: { token: string; menu: Menu }[] = [];
    for (let i = 0; i < TENANTS; i++) {
      const t = await newTenant(api);
      tenants.push({ token: t.token, menu: await buildMenu(api, t.token) });
    }
    await db.sql`create table bench_tenants (n int primary key, tenant_id uuid, product_id uuid)`;
    for (const [i, t] of tenants.entries()) {
      const [row] = await db.sql<
        { tenant_id: string }[]
      >`select tenant_id from products where id = ${t.menu.cake.id}`;
      await db.sql`insert into bench_tenants values (${i + 1}, ${row!.tenant_id}, ${t.menu.cake.id})`;
    }
    const traced = await tracedOrderScripts(db.url, secret, tenants, (i) => orderBody(tenants[i]!));
    mkdirSync('.tmp', { recursive: true });
    writeFileSync('.tmp/bench-orders.pgbench.sql', traced[0]!);
    // Warm-up: JIT, pools, plans.
    await load({
      url: server.url,
      connections: CONNECTIONS,
      seconds: WARM_UP_SECONDS,
      next: (w, i) => orderRequest(tenants[(w * 7 + i) % TENANTS]!),
    });
    const app = await load({
      url: server.url,
      connections: CONNECTIONS,
      seconds: SECONDS,
      next: (w, i) => orderRequest(tenants[(w * 13 + i * 7) % TENANTS]!),
    });
    const pg = await pgbench(db.url, traced);
    const single = await pgbench(db.url, [singleStatementScript(TENANTS)]);
    const rows = [
      ['POST /orders (app)', app.throughput, app.p50, app.p99],
      ['same SQL (pgbench, traced from the route)', pg.tps, pg.p50, pg.p99],
      ['same writes, one statement (pgbench)', single.tps, single.p50, single.p99],
    ] as const;
    console.log(
      `\norders: ${TENANTS} tenants, ${CONNECTIONS} connections, ${SECONDS} s each (${app.errors} errors of ${app.requests}); traced script: .tmp/bench-orders.pgbench.sql`,
    );
    console.log('| path | req/s | p50 ms | p99 ms |\n|---|---:|---:|---:|');
    for (const [name, rps, p50, p99] of rows)
      console.log(`| ${name} | ${rps.toFixed(0)} | ${p50.toFixed(1)} | ${p99.toFixed(1)} |`);
    const ratio = app.throughput / pg.tps;
    const p99Ratio = app.p99 / pg.p99;
    const singleRatio = app.throughput / single.tps;
    console.log(
      `throughput ratio app/pgbench: ${ratio.toFixed(2)}× (target ≥ 0.5×); p99 ratio: ${p99Ratio.toFixed(2)}× (target ≤ 2×); app/one statement: ${singleRatio.toFixed(2)}×`,
    );
    return {
      name: 'orders',
      rows: [
        {
          metric: 'POST /orders vs pgbench (same SQL)',
          value: app.throughput,
          baseline: pg.tps,
          ratio,
          target: '≥ 0.5×',
        },
        {
          metric: 'POST /orders p99 vs pgbench p99',
          value: app.p99,
          baseline: pg.p99,
          ratio: p99Ratio,
          target: '≤ 2×',
        },
        {
          metric: 'POST /orders vs one-statement writes (pgbench)',
          value: app.throughput,
          baseline: single.tps,
          ratio: singleRatio,
          target: '(reference)',
        },
      ],
    };
  } finally {
    await server.stop();
    await db.drop();
  }
}

function orderBody(t: { menu: Menu }) {
  return {
    id: crypto.randomUUID(),
    type: 'takeaway',
    lines: [{ id: crypto.randomUUID(), product_id: t.menu.cake.id, quantity: 2 }],
  };
}

function orderRequest(t: { token: string; menu: Menu }) {
  return {
    method: 'POST',
    path: '/api/v1/orders',
    expect: 201,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
    body: JSON.stringify(orderBody(t)),
  };
}
