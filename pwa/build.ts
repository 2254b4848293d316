/**
 * Builds the PWA into pwa/dist, or skips when pwa/dist already matches its sources (a content
 * hash, not mtimes, so a fresh clone and a Docker layer behave alike). `npm start` runs it first
 * (`prestart`), the e2e tests and the bench call buildPwa() directly.
 *
 *   tsx pwa/build.ts             build now
 *   tsx pwa/build.ts --if-stale  build only when the sources changed since the last build
 *
 * Where Vite is not installed (`npm ci --omit=dev`) or pwa/ is read-only, it says so and leaves
 * whatever is there: the server then serves pwa/dist if present, else the pwa/public placeholder.
 */
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { edgeHeadersFile } from '../worker/src/delivery/headers';

const PWA = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(PWA, '..');
const DIST = join(PWA, 'dist');
const STAMP = join(DIST, '.build-hash');
const INPUTS = [
  'pwa/src',
  'pwa/static',
  'pwa/index.html',
  'pwa/vite.config.ts',
  // Worker modules the PWA imports (pricing, request schemas and what they import).
  'worker/src/orders/pricing.ts',
  'worker/src/orders/schemas.ts',
  'worker/src/payments/schemas.ts',
  'worker/src/common',
  'worker/src/delivery',
  'package-lock.json',
];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) =>
      name.endsWith('.test.ts') || name.endsWith('.test.tsx') ? [] : files(join(path, name)),
    );
}

export function sourceHash(): string {
  const h = createHash('sha256');
  for (const input of INPUTS) {
    for (const f of files(join(ROOT, input))) {
      h.update(relative(ROOT, f));
      h.update(readFileSync(f));
    }
  }
  return h.digest('hex');
}

export function isFresh(): boolean {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === sourceHash();
}

type Chunk = { file: string; imports?: string[]; css?: string[] };

/** The guest entry's script, the chunks it imports statically, and their stylesheets. */
function guestAssets(manifest: Record<string, Chunk>) {
  const key = 'src/guest/entry-client.tsx';
  const preload = new Set<string>();
  const css = new Set<string>();
  const visit = (k: string, top: boolean) => {
    const chunk = manifest[k];
    if (!chunk) throw new Error(`PWA build: no ${k} in the manifest`);
    if (!top) preload.add(`/${chunk.file}`);
    for (const c of chunk.css ?? []) css.add(`/${c}`);
    for (const i of chunk.imports ?? []) visit(i, false);
  };
  visit(key, true);
  return { entry: `/${manifest[key]!.file}`, preload: [...preload], css: [...css] };
}

/**
 * The guest page's server half: the same components compiled for SSR into one self-contained
 * module (solid-js's server build included), which Node imports and wrangler bundles into the
 * worker. It names the client build's hashed files, so it is built second.
 */
async function buildGuestServer(vite: typeof import('vite'), logLevel: 'warn' | 'info') {
  const { default: solid } = await import('vite-plugin-solid');
  const manifestText = readFileSync(join(DIST, '.vite/manifest.json'), 'utf8');
  const assets = guestAssets(JSON.parse(manifestText) as Record<string, Chunk>);
  const build = createHash('sha256').update(manifestText).digest('base64url').slice(0, 10);
  await vite.build({
    configFile: false,
    root: PWA,
    publicDir: false,
    logLevel,
    plugins: [solid({ ssr: true })],
    define: {
      __GUEST_ASSETS__: JSON.stringify(assets),
      __GUEST_BUILD__: JSON.stringify(build),
      __HYDRATION_HASH__: JSON.stringify(HASH_PLACEHOLDER),
    },
    // Self-contained (solid-js's server build inside), so workerd needs nothing from node_modules.
    ssr: { noExternal: true },
    build: {
      ssr: 'src/guest/entry-server.tsx',
      outDir: 'dist/.server',
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      rolldownOptions: { output: { entryFileNames: 'guest-page.js' } },
    },
  });
  // The inline bootstrap Solid's hydration needs is admitted by the CSP through its hash, taken
  // from the very string the bundled renderer emits.
  const file = join(DIST, '.server/guest-page.js');
  const mod = (await import(`${pathToFileURL(file).href}?${Date.now()}`)) as {
    hydrationBootstrap: string;
  };
  const hash = `sha256-${createHash('sha256').update(mod.hydrationBootstrap).digest('base64')}`;
  const code = readFileSync(file, 'utf8');
  if (!code.includes(HASH_PLACEHOLDER)) throw new Error('PWA build: no hash placeholder in SSR');
  writeFileSync(file, code.replaceAll(HASH_PLACEHOLDER, hash));
}

const HASH_PLACEHOLDER = '__COMANDA_HYDRATION_SCRIPT_HASH__';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|map)$/;

/**
 * Brotli (max quality) and gzip copies beside every text file worth it, written once here so the
 * Node server picks one by Accept-Encoding without compressing per request.
 */
function precompress(dir: string) {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      precompress(path);
      continue;
    }
    if (!COMPRESSIBLE.test(name)) continue;
    const bytes = readFileSync(path);
    if (bytes.byteLength < 1024) continue;
    const br = brotliCompressSync(bytes, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
        [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      },
    });
    const gz = gzipSync(bytes, { level: 9 });
    if (br.byteLength < bytes.byteLength) writeFileSync(`${path}.br`, br);
    if (gz.byteLength < bytes.byteLength) writeFileSync(`${path}.gz`, gz);
  }
}

export type BuildResult = 'built' | 'fresh' | 'skipped';

export async function buildPwa(
  opts: { ifStale?: boolean; quiet?: boolean } = {},
): Promise<BuildResult> {
  if (opts.ifStale && isFresh()) return 'fresh';
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    console.warn('PWA: Vite is not installed (npm ci --omit=dev?); serving the existing build.');
    return 'skipped';
  }
  try {
    accessSync(PWA, constants.W_OK);
  } catch {
    console.warn(`PWA: ${PWA} is not writable; serving the existing build.`);
    return 'skipped';
  }
  const hash = sourceHash();
  const logLevel = opts.quiet ? 'warn' : 'info';
  await vite.build({ configFile: join(PWA, 'vite.config.ts'), logLevel });
  await buildGuestServer(vite, logLevel);
  precompress(DIST);
  // What the edge serves (wrangler's [assets] directory is pwa/dist): the same headers as Node,
  // and none of the build's private files.
  writeFileSync(join(DIST, '_headers'), edgeHeadersFile());
  writeFileSync(join(DIST, '.assetsignore'), '.server\n.vite\n.build-hash\n*.br\n*.gz\n');
  writeFileSync(STAMP, `${hash}\n`);
  return 'built';
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const ifStale = process.argv.includes('--if-stale');
  buildPwa({ ifStale, quiet: ifStale }).then(
    (r) => {
      if (r === 'fresh') console.log('PWA: pwa/dist is up to date.');
      else if (r === 'built') console.log('PWA: built pwa/dist.');
    },
    (e: unknown) => {
      console.error('PWA build failed:', e);
      process.exit(1);
    },
  );
}
