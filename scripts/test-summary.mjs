#!/usr/bin/env node
// Prints one closing line over every runner's JSON report: "N passed, N failed, N skipped".
// Exits 1 when any test failed or when no test ran at all (a suite that ran nothing is a failure).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const read = (name) => {
  const p = join(dir, name);
  return existsSync(p) ? JSON.parse(readFileSync(p, "utf8")) : undefined;
};

let passed = 0;
let failed = 0;
let skipped = 0;
// vitest.json: every project on Debian's Postgres and Redis; vitest-embedded.json: the database
// suites again on embedded Postgres (self-hosted mode). Both must be there.
const vitest = read("vitest.json");
const embedded = read("vitest-embedded.json");
for (const report of [vitest, embedded]) {
  if (report === undefined) {
    failed += 1;
    continue;
  }
  passed += report.numPassedTests;
  // A file that failed to load has no failed tests of its own: count it only then (a failed test
  // also marks its file and describe blocks as failed suites, which must not count twice).
  failed += report.numFailedTests > 0 ? report.numFailedTests : (report.numFailedTestSuites ?? 0);
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
const e2e = read("e2e.json");
if (e2e) {
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  skipped += e2e.stats.skipped;
} else failed += 1;

console.log(
  `\nunit+integration: ${vitest ? `${vitest.numPassedTests} passed` : "no report"}; embedded Postgres: ${embedded ? `${embedded.numPassedTests} passed` : "no report"}; e2e: ${e2e ? `${e2e.stats.expected} passed` : "no report"}`,
);
console.log(`Summary: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
