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
          exclude: ['worker/**/*.workerd.test.ts'],
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
    ],
  },
});
