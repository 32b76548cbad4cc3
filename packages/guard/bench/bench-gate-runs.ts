import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { StdioUpstream } from "../src/index.ts";
import { type BenchAgents, inMemoryUpstream } from "./agents.ts";
import { benchGate } from "./bench-gate.ts";
import { inMemoryGraphServer } from "./in-memory-server.ts";
import { measure, report } from "./measure.ts";

const require = createRequire(import.meta.url);
const memoryBin = join(
  dirname(require.resolve("@modelcontextprotocol/server-memory/package.json")),
  "dist",
  "index.js",
);

/**
 * The proxy with the bench gate (always allow, a real gate's CPU work minus I/O): what the proxy
 * itself costs, over the real server-memory and over an in-memory SDK server.
 */
export async function benchGateRuns(
  agents: BenchAgents,
  dir: string,
  calls: number,
  warmup: number,
): Promise<void> {
  const graphFile = join(dir, "graph.jsonl");
  // A small graph, so each call carries a realistic few-KB result through the proxy and the gate.
  const entities = Array.from({ length: 8 }, (_, i) => ({
    type: "entity",
    name: `entity-${i}`,
    entityType: "thing",
    observations: [`fact ${i} `.repeat(20)],
  }));
  await writeFile(graphFile, `${entities.map((e) => JSON.stringify(e)).join("\n")}\n`);
  const memory: StdioUpstream = {
    command: process.execPath,
    args: [memoryBin],
    env: { MEMORY_FILE_PATH: graphFile },
    stderr: "ignore",
  };

  report(
    "1. Bench gate, real server-memory over stdio (what an agent sees)",
    await measure(
      {
        "direct (agent → server)": await agents.connect(memory),
        "proxy in-process (agent → server)": await agents.proxied(benchGate(), memory),
        "proxy process (agent → proxy → server)": await agents.connect({
          command: process.execPath,
          args: ["--import", "tsx", join(import.meta.dirname, "proxy-process.ts"), JSON.stringify(memory)],
          cwd: join(import.meta.dirname, ".."),
        }),
      },
      calls,
      warmup,
    ),
  );

  const graph = inMemoryGraphServer({ entities, relations: [] });
  report(
    "2. Bench gate, in-memory SDK server (the proxy's own per-call cost, no pipes or scheduling)",
    await measure(
      {
        direct: await agents.connect(await inMemoryUpstream(graph)),
        proxied: await agents.proxied(benchGate(), {
          transport: await inMemoryUpstream(inMemoryGraphServer({ entities, relations: [] })),
          name: "in-memory graph",
        }),
      },
      calls,
      warmup,
    ),
  );
}
