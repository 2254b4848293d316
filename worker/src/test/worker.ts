import { unstable_startWorker } from 'wrangler';

export interface TestWorker {
  url: string;
  dispose(): Promise<void>;
}

/**
 * Starts the real worker (wrangler.toml under workerd) with explicit bindings, for a test file that
 * needs its own settings (e.g. a Stripe emulator of its own). Explicit bindings win over
 * wrangler.toml [vars] and a developer's .dev.vars.
 */
export async function startTestWorker(vars: Record<string, string>): Promise<TestWorker> {
  const bindings = Object.fromEntries(
    Object.entries(vars).map(([k, value]) => [k, { type: 'plain_text' as const, value }]),
  );
  const worker = await unstable_startWorker({
    config: 'wrangler.toml',
    dev: {
      server: { hostname: '127.0.0.1', port: 0 },
      inspector: false,
      persist: false,
      watch: false,
      logLevel: 'warn',
      // Lets tests run the cron handler on demand (GET /__scheduled).
      testScheduled: true,
    },
    bindings,
  });
  await worker.ready;
  const url = (await worker.url).origin;
  return { url, dispose: () => worker.dispose() };
}
