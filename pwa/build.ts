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
import { fileURLToPath } from 'node:url';

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
  'worker/src/shared',
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
  await vite.build({
    configFile: join(PWA, 'vite.config.ts'),
    logLevel: opts.quiet ? 'warn' : 'info',
  });
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
