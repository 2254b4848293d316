import { Agent, request } from 'node:http';

export interface LoadResult {
  /** Every request's latency, sorted (ms). */
  latencies: number[];
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
  /**
   * Read the bytes as sent, undecoded, over node:http keep-alive connections. fetch decodes every
   * brotli/gzip body, and that cost, the same for both sides, would hide the server's own.
   */
  raw?: boolean;
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
  const send = options.raw ? rawSender(options.url, options.connections) : fetchSender(options.url);
  const until = performance.now() + options.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.connections }, async (_, w) => {
      for (let i = 0; performance.now() < until; i++) {
        const r = options.next(w, i);
        const t0 = performance.now();
        try {
          if ((await send(r)) !== (r.expect ?? 200)) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  send.close?.();
  latencies.sort((a, b) => a - b);
  return {
    latencies,
    requests: latencies.length,
    errors,
    seconds,
    throughput: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

type Send = ((r: {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}) => Promise<number>) & { close?: () => void };

/** Node's fetch keeps connections alive: one per worker under this closed loop. */
function fetchSender(url: string): Send {
  return async (r) => {
    const res = await fetch(`${url}${r.path}`, {
      method: r.method,
      headers: r.headers,
      body: r.body,
    });
    await res.arrayBuffer();
    return res.status;
  };
}

function rawSender(url: string, connections: number): Send {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const send: Send = (r) =>
    new Promise((ok, fail) => {
      const req = request(
        `${url}${r.path}`,
        { method: r.method, headers: r.headers, agent },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => ok(res.statusCode ?? 0));
          res.on('error', fail);
        },
      );
      req.on('error', fail);
      req.end(r.body);
    });
  send.close = () => agent.destroy();
  return send;
}

/** Several runs as one: their requests over their summed time, percentiles over all latencies. */
export function combine(runs: LoadResult[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  return {
    latencies,
    requests: latencies.length,
    errors: runs.reduce((n, r) => n + r.errors, 0),
    seconds,
    throughput: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
