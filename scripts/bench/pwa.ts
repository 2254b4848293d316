/**
 * `npm run bench -- pwa`: what each kind of visitor downloads, and how fast a guest's repeat
 * visit renders offline.
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
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const guest = closure(manifest, [entry, 'src/guest/Guest.tsx']);
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
    { metric: 'guest JS gzipped (KiB)', value: sizes.guest, baseline: 50, target: '≤ 50 KiB' },
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

if (process.argv[1] && resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  run().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
