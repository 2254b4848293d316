import { defineConfig } from 'vitest/config';

// `npm run test:faults`: tests that break things on purpose (kill -9, database and Redis outages,
// a cut connection to Stripe, a brute-force flood). Slow by nature, so apart from `npm test`.
const reporters = process.env.CI ? ['default', 'json'] : ['default'];

export default defineConfig({
  test: {
    name: 'faults',
    environment: 'node',
    include: ['worker/**/*.faults.test.ts'],
    reporters,
    outputFile: { json: '.tmp/vitest-faults.json' },
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
