/**
 * Adds up the results of several test runs and prints one line per run, then the closing line CI reads:
 * `tests: N passed, N failed` (`, N skipped` when some were skipped or left as todo).
 *
 *   node test/support/test-summary.js <label> <results.json> <exit code> [<label> <results.json> <exit code> …]
 *
 * The results are Jest-format JSON (`numPassedTests`, `numFailedTests`, `numPendingTests`, `numTodoTests`,
 * `testResults`), as written by `vitest run --reporter=json --outputFile.json=…` (or `jest --json`).
 * A test file that failed without a failing test (it could not be loaded, or a hook threw) counts as one
 * failure; so does a run that wrote no results (it crashed, timed out or never started) and a run that
 * exited non-zero with no failure to show for it. Exits 1 when anything failed.
 */
const { readFileSync } = require('node:fs');

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 3 !== 0) {
  console.error('usage: node test/support/test-summary.js <label> <results.json> <exit code> [...]');
  process.exit(2);
}

const total = { passed: 0, failed: 0, skipped: 0 };
for (let i = 0; i < args.length; i += 3) {
  const [label, file, exitText] = args.slice(i, i + 3);
  const exitCode = Number(exitText);
  const run = readRun(file);
  if (run === undefined) {
    total.failed += 1;
    console.log(`${label}: no results (exit code ${exitCode}), counted as 1 failure`);
    continue;
  }
  const failed = run.failedTests + run.brokenFiles;
  const unexplained = exitCode !== 0 && failed === 0 ? 1 : 0;
  total.passed += run.passedTests;
  total.failed += failed + unexplained;
  total.skipped += run.skippedTests;
  console.log(
    `${label}: passed=${run.passedTests} failed=${run.failedTests} skipped=${run.skippedTests}` +
      ` failed-files-without-a-failed-test=${run.brokenFiles} exit=${exitCode}` +
      (unexplained ? ' (non-zero exit with no failure reported, counted as 1 failure)' : ''),
  );
}

const skipped = total.skipped > 0 ? `, ${total.skipped} skipped` : '';
console.log(`tests: ${total.passed} passed, ${total.failed} failed${skipped}`);
process.exitCode = total.failed > 0 ? 1 : 0;

function readRun(file) {
  let results;
  try {
    results = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const count = (name) => (Number.isInteger(results[name]) ? results[name] : 0);
  const files = Array.isArray(results.testResults) ? results.testResults : [];
  const brokenFiles = files.filter(
    (testFile) =>
      testFile.status === 'failed' &&
      !(testFile.assertionResults ?? []).some((assertion) => assertion.status === 'failed'),
  ).length;
  return {
    passedTests: count('numPassedTests'),
    failedTests: count('numFailedTests'),
    skippedTests: count('numPendingTests') + count('numTodoTests'),
    brokenFiles,
  };
}
