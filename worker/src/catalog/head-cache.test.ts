import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql } from '../db/client';
import { startNode } from '../runtime/node';
import { testApp } from '../test/app';
import { type Api, apiClient, newTenant } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { buildMenu } from '../test/menu';
import { connectStaff } from '../test/ws';
import { CatalogCache } from './head-cache';
import type { CatalogHead } from './store';

const SHARED_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const head = (version: number): CatalogHead => ({
  version,
  floor: 0,
  name: 'T',
  currency: 'EUR',
  tax_inclusive: true,
  qr_ordering: false,
});

describe('CatalogCache', () => {
  it('keeps a head until the tenant changes, and drops the tenant’s bodies with it', async () => {
    const c = new CatalogCache({ ttlMs: 60_000, maxEntries: 10 });
    let loads = 0;
    const load = async () => head(++loads);
    expect(c.peekHead('a')).toBeUndefined();
    expect((await c.head('a', load))?.version).toBe(1);
    expect((await c.head('a', load))?.version).toBe(1);
    expect(c.peekHead('a')?.version).toBe(1);
    c.bodies.set('a|x|br|u', new Uint8Array(3));
    c.bodies.set('b|x|br|u', new Uint8Array(3));
    c.changed('a');
    expect(c.peekHead('a')).toBeUndefined();
    expect(c.bodies.get('a|x|br|u')).toBeUndefined();
    expect(c.bodies.get('b|x|br|u')).toBeDefined();
    expect((await c.head('a', load))?.version).toBe(2);
  });

  it('reads the database while suspended (no announcement can arrive) and starts empty after', async () => {
    const c = new CatalogCache({ ttlMs: 60_000, maxEntries: 10 });
    let loads = 0;
    const load = async () => head(++loads);
    await c.head('a', load);
    c.suspend();
    expect(c.peekHead('a')).toBeUndefined();
    await c.head('a', load);
    await c.head('a', load);
    expect(loads).toBe(3);
    c.resume();
    expect(c.peekHead('a')).toBeUndefined();
    expect((await c.head('a', load))?.version).toBe(4);
    expect(c.peekHead('a')?.version).toBe(4);
  });
});

describe('a warm GET /catalog never reaches Postgres', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.drop());

  it('answers its 304 and its full body with the database gone', async () => {
    // The app's own pool, ended below: any query after that fails (503), none is made.
    const sql = createSql(db.url, { max: 2 });
    const { app } = testApp(sql);
    const api = apiClient(async (path, init) => app.request(path, init));
    const t = await newTenant(api);
    await buildMenu(api, t.token);
    const get = (headers: Record<string, string> = {}, query = '') =>
      api.json('GET', `/api/v1/catalog${query}`, undefined, t.token, {
        'accept-encoding': 'br',
        ...headers,
      });
    const cold = await get();
    expect(cold.status).toBe(200);
    const etag = cold.headers.get('etag')!;
    const bytes = new Uint8Array(await cold.arrayBuffer());

    await sql.end({ timeout: 1 });
    const notModified = await get({ 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    const full = await get();
    expect(full.status).toBe(200);
    expect(full.headers.get('etag')).toBe(etag);
    expect(full.headers.get('content-encoding')).toBe(cold.headers.get('content-encoding'));
    expect(new Uint8Array(await full.arrayBuffer())).toEqual(bytes);
    // The database really is gone: a delta, which reads it, cannot be answered.
    expect((await get({}, '?since=0')).status).toBe(503);
  });
});

type Instance = Awaited<ReturnType<typeof startNode>> & { url: string; api: Api };

/** GET as sent on the wire (fetch would decode the body and hide Content-Encoding's bytes). */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (ok, fail) => {
      request(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
        .on('error', fail)
        .end();
    },
  );
}

describe('two Node instances on one Postgres and Redis', () => {
  let db: TestDb;
  let a: Instance;
  let b: Instance;
  let quiet: typeof console.log;
  const secret = randomBytes(32).toString('hex');

  async function instance(): Promise<Instance> {
    const node = await startNode(
      {
        DATABASE_URL: db.url,
        JWT_SECRET: secret,
        REDIS_URL: SHARED_REDIS,
        SEED_DEMO: 'false',
        BCRYPT_COST: '4',
        SIGNUP_LIMIT: '0',
        UPLOADS_DIR: `/tmp/comanda-catalog-${randomBytes(4).toString('hex')}`,
      },
      { port: 0 },
    );
    const url = `http://127.0.0.1:${node.port}`;
    const deadline = Date.now() + 5000;
    while (node.platform.hub.status() !== 'ok' && Date.now() < deadline) {
      await new Promise((ok) => setTimeout(ok, 20));
    }
    return { ...node, url, api: apiClient((p, init) => fetch(`${url}${p}`, init)) };
  }

  beforeAll(async () => {
    db = await createTestDb();
    quiet = console.log;
    console.log = () => {}; // startNode's banner
    a = await instance();
    b = await instance();
  });
  afterAll(async () => {
    console.log = quiet;
    for (const i of [b, a]) await i?.stop();
    await db.drop();
  });

  /** A tenant whose catalog B holds warm (head and brotli body), with a staff socket on B. */
  async function warmOnB() {
    const t = await newTenant(a.api);
    const menu = await buildMenu(a.api, t.token);
    const headers = { authorization: `Bearer ${t.token}`, 'accept-encoding': 'br' };
    const cold = await rawGet(`${b.url}/api/v1/catalog`, headers);
    expect(cold.status).toBe(200);
    const etag = cold.headers.etag as string;
    // Warm now: B answers from memory, with the headers and bytes the app gave the cold request.
    const warm = await rawGet(`${b.url}/api/v1/catalog`, headers);
    const strip = (h: Record<string, unknown>) => {
      const { date: _d, 'x-request-id': _r, ...rest } = h;
      return rest;
    };
    expect(strip(warm.headers)).toEqual(strip(cold.headers));
    expect(warm.body.equals(cold.body)).toBe(true);
    expect(
      (await rawGet(`${b.url}/api/v1/catalog`, { ...headers, 'if-none-match': etag })).status,
    ).toBe(304);
    expect(b.platform.catalog.peekHead(t.tenant.id)).toBeDefined();
    const { socket } = await connectStaff(b.url, t.tenant.id, t.token);
    return { t, menu, headers, etag, socket };
  }

  /** Asks B with the old ETag until it stops answering 304; the time it took from `since`. */
  async function untilNewEtag(headers: Record<string, string>, etag: string, since: number) {
    for (;;) {
      const res = await rawGet(`${b.url}/api/v1/catalog`, { ...headers, 'if-none-match': etag });
      if (res.status === 200) return { res, ms: performance.now() - since };
      expect(res.status).toBe(304);
      if (performance.now() - since > 5000) throw new Error('B kept the old catalog for 5 s');
      await new Promise((ok) => setTimeout(ok, 5));
    }
  }

  it('a product change through A: B answers the new ETag once catalog.changed reaches it', async () => {
    const { t, menu, headers, etag, socket } = await warmOnB();
    const started = performance.now();
    const patch = await a.api.json(
      'PATCH',
      `/api/v1/products/${menu.cake.id}`,
      { price: 555 },
      t.token,
    );
    expect(patch.status).toBe(200);
    await socket.next((m) => m.type === 'catalog.changed');
    // The event reached B: its very next answer is the new catalog, not a 304.
    const after = await rawGet(`${b.url}/api/v1/catalog`, { ...headers, 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    const elapsed = performance.now() - started;
    console.warn(`catalog change A → new ETag on B: ${elapsed.toFixed(1)} ms`);
    expect(elapsed).toBeLessThan(2000);
    const body = await b.api.json('GET', '/api/v1/catalog', undefined, t.token);
    const cake = (
      (await body.json()) as { products: { id: string; price: number }[] }
    ).products.find((p) => p.id === menu.cake.id);
    expect(cake?.price).toBe(555);
    socket.close();
  });

  it('a currency or price-mode change through A: B answers the new ETag within 2 s, and devices hear of it', async () => {
    const { t, headers, etag, socket } = await warmOnB();
    const version = Number(/^W\/"v(\d+)-/.exec(etag)?.[1]);
    const started = performance.now();
    const patch = await a.api.json('PATCH', '/api/v1/tenant', { currency: 'USD' }, t.token);
    expect(patch.status).toBe(200);
    // A device on B is told, as of a new price: a new version, nothing else changed.
    const event = await socket.next((m) => m.type === 'catalog.changed');
    expect(event.data).toEqual({ version: version + 1, changes: [] });
    const { res, ms } = await untilNewEtag(headers, etag, started);
    console.warn(`tenant change A → new ETag on B: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(2000);
    expect(res.headers.etag).toContain('-usd-');
    // Saving the same currency again is no catalog change.
    const same = await a.api.json(
      'PATCH',
      '/api/v1/tenant',
      { currency: 'USD', name: 'Same money' },
      t.token,
    );
    expect(same.status).toBe(200);
    const again = await rawGet(`${b.url}/api/v1/catalog`, headers);
    expect(again.headers.etag).toBe(res.headers.etag);
    socket.close();
  });
});
