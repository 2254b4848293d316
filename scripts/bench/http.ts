import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compare, hash } from '@node-rs/bcrypt';
import { apiClient, newTenant } from '../../worker/src/test/client';
import { createTestDb } from '../../worker/src/test/db';
import { buildMenu } from '../../worker/src/test/menu';
import { load } from './load';
import { startServer } from './orders';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 8;

export interface BenchRow {
  metric: string;
  value: number;
  baseline: number;
  ratio: number;
  target: string;
}

/** A bare node:http server answering every request with the same bytes and headers. */
async function bareServer(body: Uint8Array, headers: Record<string, string>) {
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/**
 * Two physical baselines measured in the same run: a cached GET /catalog against a bare node:http
 * server sending the same bytes (target ≥ 0.8×), and password logins against a raw bcrypt loop at
 * the same cost and concurrency (target ≥ 0.9×).
 */
export async function run(): Promise<{ name: string; rows: BenchRow[] }> {
  const db = await createTestDb();
  const server = await startServer({
    DATABASE_URL: db.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    BCRYPT_COST: '10',
    SIGNUP_LIMIT: '0', // the bench signs up many tenants from one address
    TRUST_PROXY: 'true',
  });
  const rows: BenchRow[] = [];
  try {
    const api = apiClient((path, init) => fetch(`${server.url}${path}`, init));
    const t = await newTenant(api);
    await buildMenu(api, t.token);
    const headers = { authorization: `Bearer ${t.token}`, 'accept-encoding': 'br, gzip' };
    const first = await fetch(`${server.url}/api/v1/catalog`, { headers });
    const etag = first.headers.get('etag') ?? '';
    const encoding = first.headers.get('content-encoding');
    // fetch decodes: re-encode is not needed, the bare server sends the identical decoded bytes
    // without Content-Encoding, which only flatters the baseline.
    const bytes = new Uint8Array(await first.arrayBuffer());
    const bare = await bareServer(bytes, {
      'content-type': 'application/json; charset=utf-8',
      etag,
      'cache-control': 'private, no-cache',
    });
    try {
      const appRun = await load({
        url: server.url,
        connections: CONNECTIONS,
        seconds: SECONDS,
        next: () => ({ method: 'GET', path: '/api/v1/catalog', headers }),
      });
      const bareRun = await load({
        url: bare.url,
        connections: CONNECTIONS,
        seconds: SECONDS,
        next: () => ({ method: 'GET', path: '/api/v1/catalog' }),
      });
      console.log(
        `catalog GET (${bytes.byteLength} B, ${encoding ?? 'identity'}): app ${appRun.throughput.toFixed(0)} req/s p99 ${appRun.p99.toFixed(1)} ms; bare node:http ${bareRun.throughput.toFixed(0)} req/s p99 ${bareRun.p99.toFixed(1)} ms (${appRun.errors} errors)`,
      );
      rows.push({
        metric: 'cached GET /catalog vs bare node:http',
        value: appRun.throughput,
        baseline: bareRun.throughput,
        ratio: appRun.throughput / bareRun.throughput,
        target: '≥ 0.8×',
      });
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
    server.stop();
    await db.drop();
  }
}
