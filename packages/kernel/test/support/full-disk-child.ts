// Child process for the full-disk test: runs under `ulimit -f`, so the log hits EFBIG like a full
// disk. Proposes reads until the limit bites; prints each verdict and rule as a JSON line.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadHome, openKernel } from "../../src/index.ts";

const [workspace] = process.argv.slice(2) as [string];
await writeFile(join(workspace, "a.txt"), "a");
const home = await loadHome(workspace, undefined);
const kernel = await openKernel({ home, session: "full", agent: "coder", watchApprovals: false });
for (let i = 0; i < 40; i++) {
  const r = await kernel.evaluate({ tool: "fs.read", args: { path: "a.txt" } });
  process.stdout.write(`${JSON.stringify({ verdict: r.verdict, rule: r.rule })}\n`);
}
process.exit(0);
