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
const vitest = read("vitest.json");
if (vitest) {
  passed += vitest.numPassedTests;
  // A file that failed to load has no failed tests of its own: count it only then (a failed test
  // also marks its file and describe blocks as failed suites, which must not count twice).
  failed += vitest.numFailedTests > 0 ? vitest.numFailedTests : (vitest.numFailedTestSuites ?? 0);
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
} else failed += 1;
const e2e = read("e2e.json");
if (e2e) {
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  skipped += e2e.stats.skipped;
} else failed += 1;

console.log(
  `\nunit+integration: ${vitest ? `${vitest.numPassedTests} passed` : "no report"}; e2e: ${e2e ? `${e2e.stats.expected} passed` : "no report"}`,
);
console.log(`Summary: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
