// Latency the guard proxy adds per tools/call, against calling the same server directly, in the
// same run, interleaved. Gate: bench-gate.ts (always allow, a real gate's CPU work minus I/O).
//   pnpm --filter @lodestar/guard bench [-- --calls 5000 --warmup 500]
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { type ProxyHandle, type StdioUpstream, startProxy, type UpstreamConfig } from "../src/index.ts";
import { benchGate } from "./bench-gate.ts";
import { inMemoryGraphServer } from "./in-memory-server.ts";
import { measure, report } from "./measure.ts";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: { calls: { type: "string", default: "5000" }, warmup: { type: "string", default: "500" } },
});
const calls = Number(values.calls);
const warmup = Number(values.warmup);

const require = createRequire(import.meta.url);
const memoryBin = join(
  dirname(require.resolve("@modelcontextprotocol/server-memory/package.json")),
  "dist",
  "index.js",
);
const dir = await mkdtemp(join(tmpdir(), "lodestar-guard-bench-"));
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

const clients: Client[] = [];
const proxies: ProxyHandle[] = [];
const agent = async (
  transport: ConstructorParameters<typeof StdioClientTransport>[0] | InMemoryTransport,
) => {
  const client = new Client({ name: "bench-agent", version: "1.0.0" });
  await client.connect(
    transport instanceof InMemoryTransport ? transport : new StdioClientTransport(transport),
  );
  clients.push(client);
  return client;
};
const proxied = async (upstream: UpstreamConfig) => {
  const [agentSide, proxySide] = InMemoryTransport.createLinkedPair();
  proxies.push(
    await startProxy({ gate: benchGate(), upstream, downstream: proxySide, log: () => undefined }),
  );
  return agent(agentSide);
};
const inMemoryUpstream = async (): Promise<InMemoryTransport> => {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await inMemoryGraphServer({ entities, relations: [] }).connect(serverSide);
  return clientSide;
};

console.log(
  `tools/call read_graph, ${calls} calls per path after ${warmup} warm-up, node ${process.version}`,
);

report(
  "1. Real server-memory over stdio (what an agent sees)",
  await measure(
    {
      "direct (agent → server)": await agent(memory),
      "proxy in-process (agent → server)": await proxied(memory),
      "proxy process (agent → proxy → server)": await agent({
        command: process.execPath,
        args: ["--import", "tsx", join(import.meta.dirname, "proxy-process.ts"), JSON.stringify(memory)],
        cwd: join(import.meta.dirname, ".."),
      }),
    },
    calls,
    warmup,
  ),
);

report(
  "2. In-memory SDK server (the proxy's own per-call cost, no pipes or scheduling)",
  await measure(
    {
      direct: await agent(await inMemoryUpstream()),
      proxied: await proxied({ transport: await inMemoryUpstream(), name: "in-memory graph" }),
    },
    calls,
    warmup,
  ),
);

await Promise.all(clients.map((c) => c.close()));
await Promise.all(proxies.map((p) => p.closed));
await rm(dir, { recursive: true, force: true });
