// argSensitivity (what the kernel adds per call to record arguments by level) against the anchor
// measured in the same run: resolveCall + decide on the same calls with the same (example) policy.
// Usage: npx tsx packages/policy/bench/arg-sensitivity.ts
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { argSensitivity, decide, loadPolicyFile, resolveCall } from "../src/index.ts";

const policy = await loadPolicyFile(new URL("../examples/policy.yaml", import.meta.url).pathname);
const content4k = "export const x = 1; // plain source text without credentials\n".repeat(64);
const CALLS: [string, Record<string, unknown>][] = [
  ["read_file", { path: "README.md" }],
  ["write_file", { path: "src/a.ts", content: content4k }],
  ["http.request", { url: "https://github.com/x", headers: { Accept: "*/*" } }],
  ["shell.exec", { argv: ["git", "status"] }],
  ["shell.exec", { script: "FOO=bar make test" }],
];
const workspace = await mkdtemp(path.join(tmpdir(), "lodestar-bench-"));

function perSecond(label: string, fn: () => void): number {
  for (let i = 0; i < 2_000; i++) fn(); // warm-up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 1_000) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
  }
  const rate = (n * 1000) / (performance.now() - start);
  console.log(`${label.padEnd(44)} ${Math.round(rate).toLocaleString("en-US").padStart(10)} calls/s`);
  return rate;
}

let i = 0;
const next = () => CALLS[i++ % CALLS.length]!;
const anchor = perSecond("anchor: resolveCall + decide (example policy)", () => {
  const [tool, args] = next();
  decide(policy, resolveCall(policy, { tool, args }, { workspace }), {
    agent: "a",
    rung: 2,
    now: Date.now(),
  });
});
const sens = perSecond("argSensitivity (same calls)", () => {
  const [tool, args] = next();
  argSensitivity(policy, tool, args);
});
const big = { path: "src/big.ts", content: content4k.repeat(256) }; // 1 MiB of content
const bigRate = perSecond("argSensitivity, write_file with 1 MiB content", () => {
  argSensitivity(policy, "write_file", big);
});
console.log(
  `argSensitivity costs ${(anchor / sens).toFixed(3)}× the gate per call; 1 MiB content: ${(1000 / bigRate).toFixed(2)} ms`,
);
await rm(workspace, { recursive: true, force: true });
