// Child process for the restart test: opens a kernel on a Lodestar folder, proposes a HIGH call,
// prints the hold announcement as one JSON line, and waits to be killed.
import { loadHome, openKernel } from "../../src/index.ts";

const [workspace, session] = process.argv.slice(2) as [string, string];
const home = await loadHome(workspace, undefined);
const kernel = await openKernel({
  home,
  session,
  agent: "coder",
  onHold: (a) => process.stdout.write(`${JSON.stringify(a)}\n`),
});
await kernel.evaluate({ tool: "fs.delete", args: { path: "build" } });
