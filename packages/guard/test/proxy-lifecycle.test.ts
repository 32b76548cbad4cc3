import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectThroughProxy, memoryServer, tempDir } from "./support/harness.ts";
import { makeTestGate } from "./support/test-gate.ts";

// Lifecycle inside one process: the proxy's host stays alive, so a stopped upstream was stopped by
// the proxy, not by its parent exiting.
describe("proxy lifecycle", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const gate = () => makeTestGate({ tools: {}, fallback: { risk: "LOW", verdict: "allow" } });

  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it("stops the upstream process when the agent disconnects", async () => {
    const session = await connectThroughProxy({
      gate: gate(),
      upstream: memoryServer(join(dir.path, "g.jsonl")),
    });
    const pid = await upstreamPid(session.logs);
    expect(isAlive(pid)).toBe(true);
    await session.client.close();
    expect(await session.proxy.closed).toEqual({ reason: "downstream-closed" });
    await waitFor(() => !isAlive(pid));
  });

  it("stops the upstream process on close()", async () => {
    const session = await connectThroughProxy({
      gate: gate(),
      upstream: memoryServer(join(dir.path, "g.jsonl")),
    });
    const pid = await upstreamPid(session.logs);
    let agentSawClose = false;
    session.client.onclose = () => {
      agentSawClose = true;
    };
    expect(await session.proxy.close()).toEqual({ reason: "closed" });
    expect(await session.proxy.closed).toEqual({ reason: "closed" });
    await waitFor(() => !isAlive(pid) && agentSawClose);
  });

  it("reports an upstream that dies and closes the agent's side", async () => {
    const session = await connectThroughProxy({
      gate: gate(),
      upstream: memoryServer(join(dir.path, "g.jsonl")),
    });
    let agentSawClose = false;
    session.client.onclose = () => {
      agentSawClose = true;
    };
    process.kill(await upstreamPid(session.logs), "SIGKILL");
    const closed = await session.proxy.closed;
    expect(closed.reason).toBe("upstream-closed");
    expect(closed.error).toMatchObject({ name: "ProxyError", code: "upstream-closed" });
    expect(session.logs.at(-1)).toMatch(/^upstream closed \(.+, pid \d+\); closing the proxy$/);
    await waitFor(() => agentSawClose);
  });
});

async function upstreamPid(logs: string[]): Promise<number> {
  await waitFor(() => logs.some((l) => l.startsWith("upstream ")));
  const line = logs.find((l) => l.startsWith("upstream "));
  const pid = Number(/pid (\d+)\)/.exec(line ?? "")?.[1]);
  if (!Number.isInteger(pid)) throw new Error(`no upstream pid in logs: ${logs.join(" | ")}`);
  return pid;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 6_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
