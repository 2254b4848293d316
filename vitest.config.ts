import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';

// Under CI the JSON report is kept so .ci/run can sum every suite into one line.
const reportName = process.env.COMANDA_REPORT ?? 'test';
const reporters = process.env.CI ? ['default', 'json'] : ['default'];

export default defineConfig({
  test: {
    reporters,
    outputFile: { json: `.tmp/vitest-${reportName}.json` },
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['worker/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['worker/**/*.workerd.test.ts', 'worker/**/*.faults.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The same contracts against a real workerd (wrangler) over HTTP; see workerd-setup.ts.
        test: {
          name: 'workerd',
          environment: 'node',
          include: ['worker/**/*.workerd.test.ts'],
          globalSetup: ['worker/src/test/workerd-setup.ts'],
          // One worker and one database serve every file: run the files one after another.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // PWA logic and components (outbox, catalog cache, cart, money) in happy-dom.
        plugins: [solid()],
        test: {
          name: 'pwa',
          environment: 'happy-dom',
          include: ['pwa/src/**/*.test.{ts,tsx}'],
        },
      },
      {
        // Browser tests: the built PWA on the real Node server in Debian's Chromium
        // (playwright-core). pwa/e2e/setup.ts builds pwa/dist once; each file starts its server.
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['pwa/e2e/**/*.test.ts'],
          globalSetup: ['pwa/e2e/setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
