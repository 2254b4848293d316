/**
 * `npm run bench -- <name>`: runs one benchmark from this folder against a fresh local database.
 */
const benches: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  catalog: () => import('./catalog'),
  realtime: () => import('./realtime'),
};

const benchName = process.argv[2];
const load = benchName ? benches[benchName] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
  process.exit(2);
}
load()
  .then((m) => m.run())
  .then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );

export {};
