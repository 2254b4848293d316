// postgres.js 3.4.9 crashes the whole process when a connection dies with a small write still
// queued: nextWrite() runs from setImmediate after closed() has set socket = null and throws an
// uncatchable TypeError (porsager/postgres#1154, #1208; fix proposed in #1168/#1176, unreleased).
// Teardown also clears the timer without resetting it, so a reused connection never flushes again.
// Our fault test (Postgres restarted mid-load) hits both. Until a release carries the fix, this
// applies the upstream guard to every build of the driver. Idempotent; run by `postinstall`.
//
// It was written against exactly POSTGRES_VERSION (package.json pins that version). Any other
// version, or a file that no longer has the shape it patches, fails the install: silently running
// an unpatched driver would bring back the crash.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const POSTGRES_VERSION = '3.4.9';
const MARK = '/* comanda: null-socket guard */';

function fail(message) {
  console.error(`patch-postgres: ${message}`);
  console.error(
    'patch-postgres: see scripts/patch-postgres.mjs; check whether the upstream release fixed it.',
  );
  process.exit(1);
}

const pkgFile = 'node_modules/postgres/package.json';
if (!existsSync(pkgFile)) fail(`${pkgFile} is missing; is the postgres dependency installed?`);
const version = JSON.parse(readFileSync(pkgFile, 'utf8')).version;
if (version !== POSTGRES_VERSION) {
  fail(`installed postgres ${version}, but this patch was written for ${POSTGRES_VERSION}.`);
}

let patched = 0;
let found = 0;
for (const flavour of ['src', 'cjs/src', 'cf/src']) {
  const file = `node_modules/postgres/${flavour}/connection.js`;
  if (!existsSync(file)) continue;
  found++;
  const text = readFileSync(file, 'utf8');
  if (text.includes(MARK)) continue;
  const guard = `function nextWrite(fn) {\n    ${MARK}\n    if (!socket) { nextWriteTimer !== null && clearImmediate(nextWriteTimer); chunk = nextWriteTimer = null; return false }\n`;
  const next = text.replace('function nextWrite(fn) {\n', guard);
  const teardown = next.replaceAll(
    '    clearImmediate(nextWriteTimer)\n',
    '    clearImmediate(nextWriteTimer)\n    nextWriteTimer = null\n    chunk = null\n',
  );
  if (next === text || teardown === next)
    fail(`${file} has changed shape; the patch no longer applies.`);
  writeFileSync(file, teardown);
  patched++;
}
if (!found) fail('no connection.js found under node_modules/postgres.');
if (patched) console.log(`patch-postgres: guarded ${patched} build(s) of postgres.js`);
