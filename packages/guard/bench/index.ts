// Latency the guard proxy adds per tools/call, against calling the same server directly, in the
// same run, interleaved. Two gates:
//   - bench-gate.ts: always allow, a real gate's CPU work minus I/O (the proxy's own cost);
//   - the real kernel (openKernel, default policy, log writer with fsync) on a `lodestar init` folder.
//   pnpm --filter @lodestar/guard bench [-- --calls 5000 --warmup 500 --only gate|kernel]
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BenchAgents } from "./agents.ts";
import { benchGateRuns } from "./bench-gate-runs.ts";
import { kernelRuns } from "./kernel-runs.ts";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    calls: { type: "string", default: "5000" },
    warmup: { type: "string", default: "500" },
    only: { type: "string" },
  },
});
const calls = Number(values.calls);
const warmup = Number(values.warmup);
if (values.only !== undefined && values.only !== "gate" && values.only !== "kernel")
  throw new Error("--only is gate or kernel");

// realpath: the filesystem server compares resolved paths, and tmpdir may be a symlink.
const dir = await realpath(await mkdtemp(join(tmpdir(), "lodestar-guard-bench-")));
const agents = new BenchAgents();
console.log(`tools/call, ${calls} calls per path after ${warmup} warm-up, node ${process.version}`);
try {
  if (values.only !== "kernel") await benchGateRuns(agents, dir, calls, warmup);
  if (values.only !== "gate") await kernelRuns(agents, join(dir, "project"), calls, warmup);
} finally {
  await agents.close();
  await rm(dir, { recursive: true, force: true });
}
