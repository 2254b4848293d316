// Sums vitest JSON reports into the one line CI reads: "N passed, N failed".
// A suite that stopped before writing its report (typecheck or lint failed) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
const expected = ['.tmp/vitest-test.json'];
if (existsSync('package.json') && readFileSync('package.json', 'utf8').includes('"test:faults"')) {
  expected.push('.tmp/vitest-faults.json');
}
for (const file of expected) {
  if (!existsSync(file)) {
    console.log(`${file}: no report (the suite did not finish)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  // A file that failed with no failed test in it (it did not load, a hook threw) counts once;
  // numFailedTestSuites would count a failed test's file and each describe around it again.
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((t) => t.status === 'failed'),
  ).length;
  failed += (report.numFailedTests ?? 0) + brokenFiles;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
