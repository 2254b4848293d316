// postgres.js 3.4.9 crashes the whole process when a connection dies with a small write still
// queued: nextWrite() runs from setImmediate after closed() has set socket = null and throws an
// uncatchable TypeError (porsager/postgres#1154, #1208; fix proposed in #1168/#1176, unreleased).
// Teardown also clears the timer without resetting it, so a reused connection never flushes again.
// Our fault test (Postgres restarted mid-load) hits both. Until a release carries the fix, this
// applies the upstream guard to every build of the driver. Idempotent; run by `postinstall`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const MARK = '/* comanda: null-socket guard */';
let patched = 0;
for (const flavour of ['src', 'cjs/src', 'cf/src']) {
  const file = `node_modules/postgres/${flavour}/connection.js`;
  if (!existsSync(file)) continue;
  let text = readFileSync(file, 'utf8');
  if (text.includes(MARK)) continue;
  const guard = `function nextWrite(fn) {\n    ${MARK}\n    if (!socket) { nextWriteTimer !== null && clearImmediate(nextWriteTimer); chunk = nextWriteTimer = null; return false }\n`;
  const next = text.replace('function nextWrite(fn) {\n', guard);
  const teardown = next.replaceAll(
    '    clearImmediate(nextWriteTimer)\n',
    '    clearImmediate(nextWriteTimer)\n    nextWriteTimer = null\n    chunk = null\n',
  );
  if (next === text || teardown === next) {
    console.warn(`patch-postgres: ${file} has changed shape; not patched (check the upstream fix)`);
    continue;
  }
  text = teardown;
  writeFileSync(file, text);
  patched++;
}
if (patched) console.log(`patch-postgres: guarded ${patched} build(s) of postgres.js`);
