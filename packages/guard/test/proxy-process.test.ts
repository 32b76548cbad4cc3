import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryServer, tempDir, textOf } from "./support/harness.ts";

// The proxy as a separate process on real stdio (stdin/stdout), in front of the real memory server.
describe("proxy process on stdio", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let agent: Awaited<ReturnType<typeof spawnProxy>>;

  beforeEach(async () => {
    dir = await tempDir();
    agent = await spawnProxy(JSON.stringify(memoryServer(join(dir.path, "graph.jsonl"))));
    await agent.client.connect(agent.transport);
  });
  afterEach(async () => {
    await agent.client.close();
    await dir.remove();
  });

  it("serves an agent end to end over stdio", async () => {
    const names = (await agent.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("read_graph");
    expect(names).toContain("lodestar_note");
    const graph = await agent.client.callTool({ name: "read_graph", arguments: {} });
    expect(JSON.parse(textOf(graph))).toEqual({ entities: [], relations: [] });
    await waitFor(() =>
      /lodestar guard: upstream memory-server \S+ connected \(.+, pid \d+\)/.test(agent.stderr()),
    );
  });

  it("stops the upstream process when the agent closes the proxy's stdin, then exits 0", async () => {
    const upstreamPid = await upstreamPidOf(agent);
    const proxyPid = agent.transport.pid!;
    expect(isAlive(upstreamPid)).toBe(true);
    await agent.client.close();
    await waitFor(() => agent.stderr().includes("proxy-main: exit 0"));
    await waitFor(() => !isAlive(upstreamPid) && !isAlive(proxyPid));
    expect(agent.stderr()).toContain("lodestar guard: client disconnected; stopping upstream");
  });

  it("reports the upstream dying and exits, closing the agent's side", async () => {
    let agentSawClose = false;
    agent.client.onclose = () => {
      agentSawClose = true;
    };
    const proxyPid = agent.transport.pid!;
    process.kill(await upstreamPidOf(agent), "SIGKILL");
    await waitFor(() => agent.stderr().includes("proxy-main: exit 3"));
    expect(agent.stderr()).toMatch(/lodestar guard: upstream closed \(.+, pid \d+\); closing the proxy/);
    await waitFor(() => agentSawClose && !isAlive(proxyPid));
  });
});

describe("proxy process on stdio, upstream that cannot start", () => {
  it("answers initialize with an error naming the upstream, then exits", async () => {
    const missing = "/nonexistent/lodestar-no-such-binary";
    const failing = await spawnProxy(JSON.stringify({ command: missing }));
    await expect(failing.client.connect(failing.transport)).rejects.toThrow(/could not start upstream/);
    await waitFor(() => failing.stderr().includes("proxy-main: exit 4"));
    expect(failing.stderr()).toContain(`could not start upstream (${missing})`);
  });
});

async function spawnProxy(upstreamJson: string) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["--import", "tsx", join(import.meta.dirname, "support", "proxy-main.ts"), upstreamJson],
    cwd: join(import.meta.dirname, ".."),
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: "stdio-agent", version: "1.0.0" });
  return { client, transport, stderr: () => stderr };
}

async function upstreamPidOf(agent: { stderr: () => string }): Promise<number> {
  await waitFor(() => /pid \d+\)/.test(agent.stderr()));
  return Number(/connected \(.+, pid (\d+)\)/.exec(agent.stderr())?.[1]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
