/**
 * `npm run bench` runs every benchmark and prints one table of ratios against baselines measured in
 * the same run; `npm run bench -- <name>` runs one. Loopback only, bounded in time. Not part of
 * `npm test`: speed is judged here, by ratios, never by timed assertions in tests.
 */
interface Row {
  metric: string;
  value: number;
  baseline: number;
  ratio: number;
  target: string;
  /** p99 latency in ms of the measured path and of its baseline, where the bench measures both. */
  p99?: { value: number; baseline: number };
}
type Bench = { run(): Promise<unknown> };

const benches: Record<string, () => Promise<Bench>> = {
  catalog: () => import('./catalog'),
  orders: () => import('./orders'),
  http: () => import('./http'),
  realtime: () => import('./realtime'),
  pwa: () => import('./pwa'),
  reports: () => import('./reports'),
};

const rowsOf = (result: unknown): Row[] =>
  result && typeof result === 'object' && Array.isArray((result as { rows?: unknown }).rows)
    ? (result as { rows: Row[] }).rows
    : [];

async function main() {
  const name = process.argv[2];
  const names = name ? [name] : Object.keys(benches);
  if (name && !benches[name]) {
    console.error(`usage: npm run bench [-- <${Object.keys(benches).join('|')}>]`);
    process.exit(2);
  }
  const table: (Row & { bench: string })[] = [];
  for (const n of names) {
    console.log(`\n== bench ${n}`);
    const result = await (await benches[n]!()).run();
    for (const r of rowsOf(result)) table.push({ ...r, bench: n });
  }
  if (table.length) {
    console.log(
      '\n| bench | metric | value | baseline | ratio | target | p99 ms (baseline) |\n|---|---|---:|---:|---:|---|---:|',
    );
    for (const r of table) {
      console.log(
        `| ${r.bench} | ${r.metric} | ${r.value.toFixed(1)} | ${r.baseline.toFixed(1)} | ${r.ratio.toFixed(2)}× | ${r.target} | ${r.p99 ? `${r.p99.value.toFixed(1)} (${r.p99.baseline.toFixed(1)})` : ''} |`,
      );
    }
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
