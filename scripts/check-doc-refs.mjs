#!/usr/bin/env node
/**
 * Fails when the repository cites documents that are not in it: early design notes lived outside
 * the repository, and a newcomer with only a clone cannot follow such a reference. Point to docs/
 * or to the OpenAPI description (/api/docs) instead. Run by `npm run lint` (so by `npm test`).
 */
import { execFileSync } from 'node:child_process';

// Built from pieces so that this file does not match its own pattern.
const dot = '\\.';
const outside = `${dot}${dot}/shared`;
export const pattern = [outside, `API${dot}md`, `ARCHITECTURE${dot}md`].join('|');

/** The lines of `text` that cite an outside document, as `line: text`. */
export function findCitations(text) {
  const re = new RegExp(pattern);
  return text.split('\n').flatMap((line, i) => (re.test(line) ? [`${i + 1}: ${line.trim()}`] : []));
}

function main() {
  let out = '';
  try {
    out = execFileSync('git', ['grep', '-nE', '--untracked', '--exclude-standard', pattern], {
      encoding: 'utf8',
    });
  } catch (e) {
    // git grep exits 1 when nothing matches: the good case.
    if (e.status === 1) return;
    throw e;
  }
  const re = new RegExp(pattern);
  const bad = out.split('\n').filter((l) => l && re.test(l.replace(/^[^:]+:\d+:/, '')));
  if (bad.length) {
    console.error(
      'These lines cite documents outside the repository; point to docs/ or /api/docs instead:\n' +
        bad.join('\n'),
    );
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
