import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildPwa } from '../build';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: boolean;
  }
}

/**
 * Builds pwa/dist once for every browser test (skipped when it already matches the sources) and
 * tells the tests whether Chromium is there. Without it the tests skip, except under CI, where
 * a missing browser is a failure (.ci/run installs Debian's chromium).
 */
export default async function setup(project: TestProject) {
  const have = existsSync(CHROMIUM);
  if (!have) {
    if (process.env.CI) throw new Error(`Browser tests need Chromium at ${CHROMIUM} under CI.`);
    console.warn(
      `\n[e2e] ${CHROMIUM} not found: browser tests are SKIPPED. Install it: apt-get install -y chromium\n`,
    );
  }
  project.provide('chromium', have);
  if (have) await buildPwa({ ifStale: true, quiet: true });
}
