import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectThroughProxy, filesystemServer, type Proxied, tempDir, textOf } from "./support/harness.ts";
import { recordingGate } from "./support/recording-gate.ts";
import { tableGate } from "./support/table-gate.ts";
import { makeTestGate } from "./support/test-gate.ts";

// Holds on the wire, against the real server-filesystem: a held write_file.
describe("proxy: held calls", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let session: Proxied | undefined;

  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    await dir.remove();
  });

  it("sends progress while held, keeps a short client timeout alive, then runs the call", async () => {
    const gate = makeTestGate({
      tools: { write_file: { risk: "MEDIUM", verdict: "hold-then-allow", holdMs: 900 } },
    });
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path), holdHeartbeatMs: 100 });
    const target = join(dir.path, "approved.txt");
    const progress: Progress[] = [];
    const result = await session.client.callTool(
      { name: "write_file", arguments: { path: target, content: "ok" } },
      undefined,
      {
        onprogress: (p) => progress.push(p),
        // Shorter than the hold: only the proxy's heartbeat progress keeps this call from timing out.
        timeout: 400,
        resetTimeoutOnProgress: true,
      },
    );
    expect(result.isError).toBeFalsy();
    expect(await readFile(target, "utf8")).toBe("ok");
    const hold = gate.evaluations[0]?.progress[0];
    expect(hold).toBeDefined();
    // One report from the gate, then heartbeats: at least 900 ms / 100 ms of them, counting up.
    expect(progress.length).toBeGreaterThanOrEqual(6);
    expect(progress.map((p) => p.progress)).toEqual(progress.map((_, i) => i + 1));
    expect(progress[0]?.message).toBe(
      `Held for approval (L2, hold ${hold?.holdId}, expires ${hold?.expiresAt}): waiting for an approver for write_file`,
    );
    expect(result._meta?.["lodestar"]).toMatchObject({ verdict: "allow", holdId: hold?.holdId });
  });

  it("answers a hold that expires with a denial that says so; nothing is written", async () => {
    const gate = makeTestGate({
      tools: { write_file: { risk: "MEDIUM", verdict: "hold-then-timeout", holdMs: 200 } },
    });
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path) });
    const target = join(dir.path, "expired.txt");
    const result = await session.client.callTool({
      name: "write_file",
      arguments: { path: target, content: "no" },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^Lodestar denied "write_file" after holding it for approval \(hold hold-\d+\)\. Level L2, rule "hold\.expired"/,
    );
    expect(result._meta?.["lodestar"]).toMatchObject({ code: "hold-denied", rule: "hold.expired" });
    await expect(readFile(target)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("sends no progress when the client supplied no progress token", async () => {
    const gate = makeTestGate({
      tools: { write_file: { risk: "MEDIUM", verdict: "hold-then-allow", holdMs: 300 } },
    });
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path), holdHeartbeatMs: 50 });
    const notifications: string[] = [];
    session.client.fallbackNotificationHandler = async (n) => {
      notifications.push(n.method);
    };
    const target = join(dir.path, "quiet.txt");
    const result = await session.client.callTool({
      name: "write_file",
      arguments: { path: target, content: "q" },
    });
    expect(result.isError).toBeFalsy();
    expect(notifications).toEqual([]);
  });

  it("on cancellation during a hold, aborts the gate's wait and forwards nothing", async () => {
    const gate = makeTestGate({
      tools: { write_file: { risk: "MEDIUM", verdict: "hold-then-allow", holdMs: 1_500 } },
    });
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path), holdHeartbeatMs: 100 });
    const target = join(dir.path, "cancelled.txt");
    const controller = new AbortController();
    const call = session.client.callTool(
      { name: "write_file", arguments: { path: target, content: "no" } },
      undefined,
      {
        signal: controller.signal,
        onprogress: () => controller.abort("agent changed its mind"),
      },
    );
    await expect(call).rejects.toThrow(/agent changed its mind/);
    // The SDK client sent notifications/cancelled; the gate's wait ends well before the hold would have.
    await waitFor(() => gate.evaluations.length === 1);
    const evaluation = gate.evaluations[0]!;
    expect(evaluation.signalAborted).toBe(true);
    expect(evaluation.result).toMatchObject({ verdict: "deny", rule: "hold.cancelled" });
    expect(evaluation.settledAt - evaluation.startedAt).toBeLessThan(1_000);
    // Past the time the hold would have been approved: still nothing on disk, nothing recorded.
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    await expect(readFile(target)).rejects.toMatchObject({ code: "ENOENT" });
    expect(gate.outcomes).toEqual([]);
    // The proxy is still serving.
    const list = await session.client.listTools();
    expect(list.tools.length).toBeGreaterThan(1);
  });

  it("does not forward a call the gate allows after the agent cancelled; records it as not run", async () => {
    // A gate that ignores the signal and allows late: the proxy itself must still not forward.
    const table = tableGate({ tools: { write_file: { risk: "MEDIUM", verdict: "allow" } } });
    const gate = recordingGate({
      ...table,
      evaluate: async (call, options) => {
        options?.onProgress?.({
          holdId: "h-late",
          level: "L2",
          expiresAt: "2099-01-01T00:00:00Z",
          message: "late",
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        return table.evaluate(call);
      },
    });
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path) });
    const target = join(dir.path, "late.txt");
    const controller = new AbortController();
    const call = session.client.callTool(
      { name: "write_file", arguments: { path: target, content: "no" } },
      undefined,
      {
        signal: controller.signal,
        onprogress: () => controller.abort("changed my mind"),
      },
    );
    await expect(call).rejects.toThrow(/changed my mind/);
    await waitFor(() => gate.outcomes.length === 1);
    expect(gate.evaluations[0]?.result.verdict).toBe("allow");
    expect(gate.outcomes[0]?.outcome).toEqual({
      ok: false,
      content: { error: { name: "Cancelled", message: "cancelled by the client before it was forwarded" } },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(readFile(target)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
