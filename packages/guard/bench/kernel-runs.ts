import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { openKernel } from "@lodestar/kernel";
import type { StdioUpstream } from "../src/index.ts";
import { type BenchAgents, inMemoryUpstream } from "./agents.ts";
import { fsyncFloor } from "./fsync-floor.ts";
import { inMemoryFileServer } from "./in-memory-server.ts";
import { initLodestarHome, LODESTAR_CLI } from "./kernel-home.ts";
import { measure, report } from "./measure.ts";

const require = createRequire(import.meta.url);
const filesystemBin = require.resolve("@modelcontextprotocol/server-filesystem/dist/index.js");

/**
 * The proxy with the real kernel: `openKernel` on a Lodestar folder made by `lodestar init` (the
 * default policy, the real log writer fsyncing every decision before the tool runs). The call is
 * `read_text_file` of a 4 KB file in the workspace: LOW, decided L0, allowed at the starting rung,
 * so every call runs and writes action, decision and outcome envelopes.
 */
export async function kernelRuns(
  agents: BenchAgents,
  dir: string,
  calls: number,
  warmup: number,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const home = await initLodestarHome(dir);
  const file = join(dir, "notes.txt");
  const text = "A line of notes for the bench to read back through the guard.\n".repeat(64);
  await writeFile(file, text);
  const call = { name: "read_text_file", arguments: { path: file } };
  const filesystem: StdioUpstream = {
    command: process.execPath,
    args: [filesystemBin, dir],
    stderr: "ignore",
  };
  const sessions = ["bench-stdio", "bench-memory"];
  const direct = await agents.connect(filesystem);
  // `lodestar run` is measured with no kernel of this process alive: an in-process kernel's log
  // flushes would block this event loop at random moments and land in whichever path is timed.
  report(
    "3. Real kernel, `lodestar run` over real server-filesystem (what an agent sees)",
    await measure(
      {
        "direct (agent → server)": direct,
        "lodestar run (agent → proxy → server)": await agents.connect({
          command: LODESTAR_CLI.command,
          args: [
            ...LODESTAR_CLI.args,
            ...["run", "--agent", "bench-agent", "--session", "bench-run", "--"],
            ...[process.execPath, filesystemBin, dir],
          ],
          cwd: LODESTAR_CLI.cwd,
          env: { LODESTAR_HOME: home.root },
          stderr: "ignore",
        }),
      },
      calls,
      warmup,
      call,
    ),
  );

  const kernels = await Promise.all(
    sessions.map((session) => openKernel({ home, session, agent: "bench-agent" })),
  );
  agents.afterClose(async () => {
    await Promise.all(kernels.map((k) => k.close("bench done")));
  });
  report(
    "3b. Real kernel in this process, real server-filesystem over stdio",
    await measure(
      {
        "direct (agent → server)": direct,
        "proxy + kernel in-process (→ server)": await agents.proxied(kernels[0]!, filesystem),
      },
      calls,
      warmup,
      call,
    ),
  );

  report(
    "4. Real kernel, in-memory SDK server (the kernel's and proxy's own per-call cost, log fsync included)",
    await measure(
      {
        direct: await agents.connect(await inMemoryUpstream(inMemoryFileServer(text))),
        "proxied, kernel": await agents.proxied(kernels[1]!, {
          transport: await inMemoryUpstream(inMemoryFileServer(text)),
          name: "in-memory file",
        }),
      },
      calls,
      warmup,
      call,
    ),
  );

  const floor = fsyncFloor(home.sessionsDir, calls);
  console.log(
    `\ndurability floor on this disk (write of one call's records + fdatasync, no kernel): p50 ${floor.p50.toFixed(3)} ms, p99 ${floor.p99.toFixed(3)} ms` +
      "\n  (the protocol requires it before a tool runs, so it is part of every guarded call's added latency)",
  );

  // Evidence the real writer did the work: every measured call left its records in the log.
  for (const session of [...sessions, "bench-run"]) {
    const lines = (await readFile(home.sessionFile(session), "utf8")).split("\n").filter(Boolean).length;
    console.log(`  session ${session}: ${lines} envelopes in its log`);
  }
}
