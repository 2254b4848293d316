import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPwa } from '../../../pwa/build';
import { createApp } from '../app';
import { nodeStatic } from '../runtime/static-node';
import { testApp } from '../test/app';
import { type Api, apiClient } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { deliveryContract } from './delivery.contract';
import type { GuestPageRenderer } from './guest-page';

const DIST = resolve('pwa/dist');
let db: TestDb;
let api: Api;

// The built PWA (static files and the guest page's server renderer), as `npm start` serves it.
beforeAll(async () => {
  await buildPwa({ ifStale: true, quiet: true });
  db = await createTestDb();
  const { platform } = testApp(db.sql);
  const { renderer } = (await import(pathToFileURL(join(DIST, '.server/guest-page.js')).href)) as {
    renderer: GuestPageRenderer;
  };
  const app = createApp(platform, { assets: [nodeStatic(DIST)], guestPage: renderer });
  api = apiClient(async (path, init) => app.request(path, init));
}, 300_000);
afterAll(() => db?.drop());

describe('delivery on Node (app.request, real Postgres, built PWA)', () => {
  deliveryContract(() => ({ api }));

  it('sends the precompressed brotli or gzip file the client accepts, identity otherwise', async () => {
    const shell = await (await api.fetch('/')).text();
    const entry = /src="(\/assets\/[^"]+\.js)"/.exec(shell)![1]!;
    const plain = await api.fetch(entry);
    const bytes = new Uint8Array(await plain.arrayBuffer());
    expect(plain.headers.get('content-encoding')).toBeNull();
    const br = await api.fetch(entry, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    const brBytes = new Uint8Array(await br.arrayBuffer());
    expect(brBytes.byteLength).toBeLessThan(bytes.byteLength);
    expect(new Uint8Array(brotliDecompressSync(brBytes))).toEqual(bytes);
    const gz = await api.fetch(entry, { headers: { 'accept-encoding': 'gzip;q=1, br;q=0' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(new Uint8Array(gunzipSync(new Uint8Array(await gz.arrayBuffer())))).toEqual(bytes);
    // Each encoding is its own representation with its own validator.
    expect(new Set([plain, br, gz].map((r) => r.headers.get('etag'))).size).toBe(3);
  });

  it('answers If-Modified-Since with 304 and a missing hashed asset with 404, not the shell', async () => {
    const first = await api.fetch('/manifest.webmanifest');
    const modified = first.headers.get('last-modified')!;
    expect(modified).toBeTruthy();
    const again = await api.fetch('/manifest.webmanifest', {
      headers: { 'if-modified-since': modified },
    });
    expect(again.status).toBe(304);
    expect((await api.fetch('/assets/nope-123.js')).status).toBe(404);
    expect((await api.fetch('/.vite/manifest.json')).status).not.toBe(200);
    expect(await (await api.fetch('/.server/guest-page.js')).text()).not.toContain('renderer');
  });

  it('compresses the guest page for clients that accept it', async () => {
    const owner = await (await import('../test/client')).newTenant(api);
    const table = (await (
      await api.json('POST', '/api/v1/tables', { name: 'T9' }, owner.token)
    ).json()) as { qr_token: string };
    const res = await api.fetch(`/t/${table.qr_token}`, { headers: { 'accept-encoding': 'br' } });
    expect(res.headers.get('content-encoding')).toBe('br');
    const html = brotliDecompressSync(new Uint8Array(await res.arrayBuffer())).toString();
    expect(html).toContain('Table T9');
  });

  it('answers the guest page within the request budget, in words, while the database does not answer', async () => {
    // A "database" that accepts connections and never says a word: queries wait forever.
    const silent = createServer(() => {});
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const { port } = silent.address() as AddressInfo;
    const stuck = postgres(`postgres://nobody@127.0.0.1:${port}/none`, { connect_timeout: 60 });
    const { platform } = testApp(db.sql);
    const { renderer } = (await import(
      pathToFileURL(join(DIST, '.server/guest-page.js')).href
    )) as {
      renderer: GuestPageRenderer;
    };
    const app = createApp(
      { ...platform, sql: { ...platform.sql, open: () => stuck, close: async () => {} } },
      { guestPage: renderer, requestTimeoutMs: 500 },
    );
    const owner = await (await import('../test/client')).newTenant(api);
    const table = (await (
      await api.json('POST', '/api/v1/tables', { name: 'T8' }, owner.token)
    ).json()) as { qr_token: string };
    try {
      const started = Date.now();
      const res = await app.request(`/t/${table.qr_token}`);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toBeTruthy();
      expect(await res.text()).toContain('taking longer than usual');
    } finally {
      await stuck.end({ timeout: 0 });
      silent.close();
    }
  });
});
