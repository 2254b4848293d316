import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient, newTenant } from '../../worker/src/test/client';
import { createTestDb } from '../../worker/src/test/db';
import { buildMenu, type Menu } from '../../worker/src/test/menu';
import { startServerProcess } from '../../worker/src/test/server-process';
import { load, percentile } from './load';

const TENANTS = 100;
const CONNECTIONS = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

/** The server as a child process: the load generator must not share its event loop. */
export async function startServer(env: Record<string, string>) {
  const server = await startServerProcess(env);
  return { url: server.url, stop: () => server.stop() };
}

const pgbenchScript = `
\\set n random(1, ${TENANTS})
BEGIN;
SELECT id, tax_inclusive, timezone FROM tenants WHERE id = (SELECT tenant_id FROM bench_tenants WHERE n = :n);
SELECT p.id, p.price, p.tax_rate_id FROM products p JOIN bench_tenants b ON b.tenant_id = p.tenant_id AND b.product_id = p.id WHERE b.n = :n;
SELECT rate_bp FROM tax_rates t JOIN bench_tenants b ON b.tenant_id = t.tenant_id WHERE b.n = :n LIMIT 1;
INSERT INTO ticket_counters (tenant_id, day, last) SELECT tenant_id, current_date, 1 FROM bench_tenants WHERE n = :n
  ON CONFLICT (tenant_id, day) DO UPDATE SET last = ticket_counters.last + 1 RETURNING last \\gset
INSERT INTO orders (tenant_id, id, ticket_number, type, source, status, request_hash)
  SELECT tenant_id, gen_random_uuid(), :last, 'takeaway', 'pos', 'open', 'h' FROM bench_tenants WHERE n = :n RETURNING id AS oid \\gset
INSERT INTO order_lines (tenant_id, id, order_id, position, product_id, name, quantity, unit_price, tax_rate_bp, line_total, request_hash)
  SELECT tenant_id, gen_random_uuid(), ':oid', 0, product_id, 'Cheesecake', 2, 420, 700, 840, 'h' FROM bench_tenants WHERE n = :n;
UPDATE orders SET subtotal = 840, tax_total = 55, total = 840, updated_at = now() WHERE tenant_id = (SELECT tenant_id FROM bench_tenants WHERE n = :n) AND id = ':oid';
INSERT INTO tenant_counters (tenant_id, event_seq) SELECT tenant_id, 1 FROM bench_tenants WHERE n = :n
  ON CONFLICT (tenant_id) DO UPDATE SET event_seq = tenant_counters.event_seq + 1 RETURNING event_seq \\gset
INSERT INTO events (tenant_id, seq, type, data) SELECT tenant_id, :event_seq, 'order.created', '{"order":{}}' FROM bench_tenants WHERE n = :n;
COMMIT;
`;

/** pgbench running the same transaction the route commits (its SQL, minus HTTP, auth and JSON). */
function pgbench(url: string): Promise<{ tps: number; p50: number; p99: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'comanda-pgbench-'));
  writeFileSync(join(dir, 'order.sql'), pgbenchScript);
  return new Promise((ok, fail) => {
    const child = spawn(
      'pgbench',
      [
        '-n',
        '-c',
        String(CONNECTIONS),
        '-j',
        '2',
        '-T',
        String(SECONDS),
        '-l',
        '--log-prefix',
        join(dir, 'log'),
        '-f',
        join(dir, 'order.sql'),
        url,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`pgbench failed: ${out}`));
      const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0);
      const lat: number[] = [];
      for (const f of readdirSync(dir).filter((x) => x.startsWith('log'))) {
        for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
          const us = Number(line.split(' ')[2]);
          if (Number.isFinite(us) && us > 0) lat.push(us / 1000);
        }
      }
      lat.sort((a, b) => a - b);
      ok({ tps, p50: percentile(lat, 50), p99: percentile(lat, 99) });
    });
  });
}

/**
 * POST /orders at 8 connections over 100 tenants against pgbench running the same SQL
 * transaction on the same database in the same run; prints throughput, p50/p99 and the ratios.
 */
export async function run() {
  const db = await createTestDb();
  const server = await startServer({
    DATABASE_URL: db.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
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
    // Warm-up: JIT, pools, plans.
    await load({
      url: server.url,
      connections: CONNECTIONS,
      seconds: 2,
      next: (w, i) => orderRequest(tenants[(w * 7 + i) % TENANTS]!),
    });
    const app = await load({
      url: server.url,
      connections: CONNECTIONS,
      seconds: SECONDS,
      next: (w, i) => orderRequest(tenants[(w * 13 + i * 7) % TENANTS]!),
    });
    const pg = await pgbench(db.url);
    const rows = [
      ['POST /orders (app)', app.throughput, app.p50, app.p99],
      ['same SQL (pgbench)', pg.tps, pg.p50, pg.p99],
    ] as const;
    console.log(
      `\norders: ${TENANTS} tenants, ${CONNECTIONS} connections, ${SECONDS} s each (${app.errors} errors of ${app.requests})`,
    );
    console.log('| path | req/s | p50 ms | p99 ms |\n|---|---:|---:|---:|');
    for (const [name, rps, p50, p99] of rows)
      console.log(`| ${name} | ${rps.toFixed(0)} | ${p50.toFixed(1)} | ${p99.toFixed(1)} |`);
    const ratio = app.throughput / pg.tps;
    const p99Ratio = app.p99 / pg.p99;
    console.log(
      `throughput ratio app/pgbench: ${ratio.toFixed(2)}× (target ≥ 0.5×); p99 ratio: ${p99Ratio.toFixed(2)}× (target ≤ 3×)`,
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
          target: '≤ 3×',
        },
      ],
    };
  } finally {
    server.stop();
    await db.drop();
  }
}

function orderRequest(t: { token: string; menu: Menu }) {
  return {
    method: 'POST',
    path: '/api/v1/orders',
    expect: 201,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
    body: JSON.stringify({
      id: crypto.randomUUID(),
      type: 'takeaway',
      lines: [{ id: crypto.randomUUID(), product_id: t.menu.cake.id, quantity: 2 }],
    }),
  };
}
