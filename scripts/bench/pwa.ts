/**
 * `npm run bench -- pwa`: what each kind of visitor downloads, how fast a guest's cold visit
 * shows the menu on a slow mobile link, and how fast a repeat visit renders offline.
 * - Gzipped JS (level 9) of three entry points, from Vite's build manifest: everything a first
 *   load of that screen fetches (the shared entry, the screen's chunk and their static imports).
 *   Guest: /t/{qr}; POS: the staff app with the POS screen; admin: the admin screen with ag-grid
 *   (on top of the POS, which an owner has loaded already). Budgets from the issue: guest ≤ 50 KiB,
 *   POS ≤ 150 KiB.
 * - The guest page in Debian's Chromium: first visit online, then reloads with the context
 *   offline (menu from the service worker's precache and localStorage); median of 5, next to the
 *   online reload time as the baseline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { buildPwa } from '../../pwa/build';
import { launch, startServer, swActivated } from '../../pwa/e2e/harness';
import { CHROMIUM } from '../../pwa/e2e/setup';

const DIST = resolve('pwa/dist');
type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean };

function closure(manifest: Record<string, Chunk>, keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`no chunk ${key} in the build manifest`);
    files.add(chunk.file);
    for (const i of chunk.imports ?? []) visit(i);
  };
  for (const k of keys) visit(k);
  return files;
}

const gz = (files: Set<string>) =>
  [...files].reduce((s, f) => s + gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length, 0);

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

export async function run() {
  await buildPwa({ ifStale: true, quiet: true });
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    Chunk
  >;
  const entry = 'index.html';
  // A guest's cold visit is the server-rendered page and its own entry (src/guest/entry-client.tsx).
  const guest = closure(manifest, ['src/guest/entry-client.tsx']);
  const pos = closure(manifest, [entry, 'src/staff/StaffApp.tsx', 'src/screens/Pos.tsx']);
  const admin = closure(manifest, ['src/admin/Admin.tsx']);
  const kib = (n: number) => n / 1024;
  const sizes = { guest: kib(gz(guest)), pos: kib(gz(pos)), admin: kib(gz(admin)) };
  console.log(`guest entry: ${sizes.guest.toFixed(1)} KiB gzipped JS (${guest.size} files)`);
  console.log(`POS entry:   ${sizes.pos.toFixed(1)} KiB gzipped JS (${pos.size} files)`);
  console.log(
    `admin:       ${sizes.admin.toFixed(1)} KiB gzipped JS with ag-grid (${admin.size} files)`,
  );
  const rows = [
    { metric: 'guest JS gzipped (KiB)', value: sizes.guest, baseline: 30, target: '≤ 30 KiB' },
    { metric: 'POS JS gzipped (KiB)', value: sizes.pos, baseline: 150, target: '≤ 150 KiB' },
    {
      metric: 'admin JS gzipped (KiB)',
      value: sizes.admin,
      baseline: sizes.pos,
      target: 'lazy, not precached',
    },
  ].map((r) => ({ ...r, ratio: r.value / r.baseline }));

  if (!existsSync(CHROMIUM)) {
    console.log(`(no ${CHROMIUM}: the offline render time is not measured)`);
    return { rows };
  }
  const log = console.log;
  console.log = () => {};
  const server = await startServer();
  console.log = log;
  const browser = await launch();
  try {
    const owner = await server.token('owner@demo.test');
    const tables = await server.json<{ data: { qr_token: string }[] }>('GET', '/tables', owner);
    const url = `${server.url}/t/${tables.data[0]!.qr_token}`;
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const menuShown = () => page.locator('.guest .product').first().waitFor();
    await page.goto(url);
    await menuShown();
    await swActivated(page);
    const time = async () => {
      const t0 = performance.now();
      await page.reload();
      await menuShown();
      return performance.now() - t0;
    };
    await time(); // controlled by the service worker from here on
    const online: number[] = [];
    for (let i = 0; i < 5; i++) online.push(await time());
    await context.setOffline(true);
    const offline: number[] = [];
    for (let i = 0; i < 5; i++) offline.push(await time());
    await context.setOffline(false);
    const on = median(online);
    const off = median(offline);
    console.log(`guest repeat visit: ${on.toFixed(0)} ms online, ${off.toFixed(0)} ms offline`);
    await context.close();
    rows.push(...(await slowLink(browser, url)));
    rows.push({
      metric: 'guest repeat visit offline (ms)',
      value: off,
      baseline: on,
      ratio: off / on,
      target: 'menu shown offline',
    });
  } finally {
    await browser.close();
    await server.stop();
  }
  return { rows };
}

/** Lighthouse's "slow 4G": 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up. */
const SLOW = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

interface Visit {
  /** ms from navigation start until the first product's name is visible. */
  firstProduct: number;
  jsBytes: number;
  totalBytes: number;
}

/**
 * One visit in a fresh page over the emulated link: bytes as they crossed the wire (CDP's
 * encodedDataLength, headers included) and the time the first product name became visible
 * (measured in the page against navigation start). `floor`: scripts blocked, so only the
 * HTML and CSS load: the same page at the least it could cost.
 */
async function visit(page: Page, url: string, opts: { floor?: boolean; offline?: boolean } = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  if (opts.floor) await cdp.send('Network.setBlockedURLs', { urls: ['*.js'] });
  await cdp.send('Network.emulateNetworkConditions', { ...SLOW, offline: !!opts.offline });
  const types = new Map<string, string>();
  let jsBytes = 0;
  let totalBytes = 0;
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    totalBytes += e.encodedDataLength;
    if (types.get(e.requestId) === 'Script') jsBytes += e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'commit' });
  const firstProduct = await page.waitForFunction(
    () => {
      const el = document.querySelector('.guest .product .name');
      return el && (el as HTMLElement).offsetParent !== null ? performance.now() : null;
    },
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  const ms = (await firstProduct.jsonValue()) as number;
  // Let what the page loads after first paint (the SW registration chunk) cross the wire too.
  if (!opts.floor) await page.waitForLoadState('networkidle').catch(() => {});
  await cdp.detach();
  return { firstProduct: ms, jsBytes, totalBytes } satisfies Visit;
}

const medianOf = (visits: Visit[], key: keyof Visit) => median(visits.map((v) => v[key]));

async function slowLink(browser: Browser, url: string) {
  const runs = 3;
  const cold: Visit[] = [];
  const floor: Visit[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [list, opts] of [
      [floor, { floor: true }],
      [cold, {}],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      list.push(await visit(await context.newPage(), url, opts));
      await context.close();
    }
  }
  // Repeat visit offline: the service worker installed on a first visit serves everything.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(url);
  await swActivated(page);
  await page.reload();
  await page.locator('.guest .product').first().waitFor();
  await context.setOffline(true);
  const offline = await visit(page, url, { offline: true });
  await context.close();

  const c = { t: medianOf(cold, 'firstProduct'), js: medianOf(cold, 'jsBytes') };
  const f = medianOf(floor, 'firstProduct');
  const total = medianOf(cold, 'totalBytes');
  const kib = (n: number) => n / 1024;
  console.log(
    `slow link cold visit: first product ${c.t.toFixed(0)} ms (floor ${f.toFixed(0)} ms, HTML+CSS), JS ${kib(c.js).toFixed(1)} KiB, all ${kib(total).toFixed(1)} KiB on the wire`,
  );
  console.log(
    `slow link repeat visit offline: first product ${offline.firstProduct.toFixed(0)} ms, ${kib(offline.totalBytes).toFixed(1)} KiB on the wire`,
  );
  return [
    {
      metric: 'slow link: cold first product (ms)',
      value: c.t,
      baseline: f,
      ratio: c.t / f,
      target: '≤ 1.3× floor, ≤ 2500 ms',
    },
    {
      metric: 'slow link: cold JS on the wire (KiB)',
      value: kib(c.js),
      baseline: 30,
      ratio: kib(c.js) / 30,
      target: '≤ 30 KiB',
    },
    {
      metric: 'slow link: cold total on the wire (KiB)',
      value: kib(total),
      baseline: kib(medianOf(floor, 'totalBytes')),
      ratio: total / medianOf(floor, 'totalBytes'),
      target: 'floor = HTML + CSS',
    },
    {
      metric: 'slow link: repeat offline first product (ms)',
      value: offline.firstProduct,
      baseline: c.t,
      ratio: offline.firstProduct / c.t,
      target: `${kib(offline.totalBytes).toFixed(1)} KiB on the wire`,
    },
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  run().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
