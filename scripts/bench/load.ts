export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * A closed-loop load generator on loopback: `connections` workers each send one request after
 * another for `seconds`, over keep-alive connections (Node's fetch). Bounded in time; latencies in milliseconds.
 */
export async function load(options: {
  url: string;
  connections: number;
  seconds: number;
  next: (
    worker: number,
    i: number,
  ) => {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
    expect?: number;
  };
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + options.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.connections }, async (_, w) => {
      for (let i = 0; performance.now() < until; i++) {
        const r = options.next(w, i);
        const t0 = performance.now();
        try {
          // Node's fetch keeps connections alive: one per worker under this closed loop.
          const res = await fetch(`${options.url}${r.path}`, {
            method: r.method,
            headers: r.headers,
            body: r.body,
          });
          await res.arrayBuffer();
          if (res.status !== (r.expect ?? 200)) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds,
    throughput: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
