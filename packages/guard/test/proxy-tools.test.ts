import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NOTE_TOOL_NAME } from "../src/index.ts";
import { connectThroughProxy, filesystemServer, type Proxied, tempDir, textOf } from "./support/harness.ts";
import type { TableGateOptions } from "./support/table-gate.ts";
import { makeTestGate } from "./support/test-gate.ts";

// The real @modelcontextprotocol/server-filesystem, rooted at a temp dir, behind the proxy.
const policy: TableGateOptions = {
  tools: {
    read_text_file: { risk: "LOW", verdict: "allow", rule: "fs.read" },
    list_directory: { risk: "LOW", verdict: "allow", rule: "fs.list" },
    get_file_info: { risk: "LOW", verdict: "allow" },
    write_file: { risk: "MEDIUM", verdict: "deny", rule: "fs.write.denied" },
    edit_file: { risk: "HIGH", verdict: "deny", rule: "fs.edit.high" },
    move_file: { risk: "CRITICAL", verdict: "deny", rule: "fs.move.critical" },
  },
  fallback: { risk: "MEDIUM", verdict: "deny", rule: "default-deny" },
};

describe("proxy: tools over the real filesystem server", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let session: Proxied | undefined;

  beforeEach(async () => {
    dir = await tempDir();
    await writeFile(join(dir.path, "hello.txt"), "hello from the workspace\n");
    await writeFile(join(dir.path, "other.txt"), "the constrained file\n");
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    await dir.remove();
  });

  it("forwards serverInfo and capabilities from the upstream, with tools", async () => {
    session = await connectThroughProxy({ gate: makeTestGate(policy), upstream: filesystemServer(dir.path) });
    expect(session.client.getServerVersion()).toMatchObject({
      name: "secure-filesystem-server",
      version: "0.2.0",
    });
    expect(session.client.getServerCapabilities()?.tools).toBeDefined();
  });

  it("lists only what the gate shows: no CRITICAL, no HIGH without opt-in; adds lodestar_note", async () => {
    const gate = makeTestGate(policy);
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path) });
    const names = (await session.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("read_text_file");
    expect(names).toContain("write_file");
    expect(names).not.toContain("move_file");
    expect(names).not.toContain("edit_file");
    expect(names.filter((n) => n === NOTE_TOOL_NAME)).toHaveLength(1);
    const note = (await session.client.listTools()).tools.find((t) => t.name === NOTE_TOOL_NAME);
    expect(note?.inputSchema.required).toEqual(["statement", "confidence"]);
  });

  it("lists HIGH tools when the gate is opted in, and still never CRITICAL", async () => {
    session = await connectThroughProxy({
      gate: makeTestGate({ ...policy, allowHigh: true }),
      upstream: filesystemServer(dir.path),
    });
    const names = (await session.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("edit_file");
    expect(names).not.toContain("move_file");
  });

  it("runs an allowed read and returns the real file content, citing the decision and outcome", async () => {
    const gate = makeTestGate(policy);
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path) });
    const result = await session.client.callTool({
      name: "read_text_file",
      arguments: { path: join(dir.path, "hello.txt") },
    });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe("hello from the workspace\n");
    const evaluation = gate.evaluations.at(-1);
    expect(evaluation?.call).toEqual({ tool: "read_text_file", args: { path: join(dir.path, "hello.txt") } });
    const recorded = gate.outcomes.at(-1);
    expect(recorded?.decisionId).toBe(evaluation?.result.decisionId);
    expect(recorded?.outcome.ok).toBe(true);
    expect(textOf(recorded?.outcome.content)).toBe("hello from the workspace\n");
    expect(result._meta?.["lodestar"]).toEqual({
      decisionId: evaluation?.result.decisionId,
      verdict: "allow",
      level: "L1",
      rule: "fs.read",
      outcomeId: recorded?.id,
    });
  });

  it("records a tool-level error from the upstream as a failed outcome", async () => {
    const gate = makeTestGate(policy);
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path) });
    const result = await session.client.callTool({
      name: "read_text_file",
      arguments: { path: join(dir.path, "missing.txt") },
    });
    expect(result.isError).toBe(true);
    expect(gate.outcomes.at(-1)?.outcome.ok).toBe(false);
  });

  it("runs the gate's constrained arguments, not the agent's", async () => {
    const gate = makeTestGate({
      tools: {
        read_text_file: {
          risk: "LOW",
          verdict: "allow",
          constrain: () => ({ path: join(dir.path, "other.txt") }),
        },
      },
    });
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path) });
    const result = await session.client.callTool({
      name: "read_text_file",
      arguments: { path: join(dir.path, "hello.txt") },
    });
    expect(textOf(result)).toBe("the constrained file\n");
  });

  it("denies with an isError result naming the level, the rule and the reason; nothing is written", async () => {
    const gate = makeTestGate(policy);
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path) });
    const target = join(dir.path, "new.txt");
    const result = await session.client.callTool({
      name: "write_file",
      arguments: { path: target, content: "x" },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Lodestar denied "write_file". Level L2, rule "fs.write.denied": table denies write_file',
    );
    expect(result._meta?.["lodestar"]).toMatchObject({
      verdict: "deny",
      code: "denied",
      rule: "fs.write.denied",
    });
    await expect(readFile(target)).rejects.toMatchObject({ code: "ENOENT" });
    expect(gate.outcomes).toHaveLength(0);
  });

  it("sends a hidden (CRITICAL) tool called by name through evaluate, which denies it", async () => {
    const gate = makeTestGate(policy);
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path) });
    const source = join(dir.path, "hello.txt");
    const result = await session.client.callTool({
      name: "move_file",
      arguments: { source, destination: join(dir.path, "moved.txt") },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('rule "fs.move.critical"');
    expect(gate.evaluations.map((e) => e.call.tool)).toEqual(["move_file"]);
    expect(await readFile(source, "utf8")).toBe("hello from the workspace\n");
  });

  it("hands the agent's _meta.lodestar rationale to the gate", async () => {
    const gate = makeTestGate(policy);
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path) });
    const rationale = { statement: "hello.txt holds the greeting", confidence: 0.8, cites: ["obs-1"] };
    await session.client.callTool({
      name: "read_text_file",
      arguments: { path: join(dir.path, "hello.txt") },
      _meta: { lodestar: rationale },
    });
    expect(gate.evaluations.at(-1)?.call.rationale).toEqual(rationale);
  });

  it("refuses a malformed rationale before anything is evaluated", async () => {
    const gate = makeTestGate(policy);
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path) });
    await expect(
      session.client.callTool({
        name: "read_text_file",
        arguments: { path: join(dir.path, "hello.txt") },
        _meta: { lodestar: { statement: "sure", confidence: 7 } },
      }),
    ).rejects.toThrow(/invalid _meta.lodestar/);
    expect(gate.evaluations).toHaveLength(0);
  });

  it("records a lodestar_note belief through the gate and returns its id", async () => {
    const gate = makeTestGate(policy);
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path) });
    const result = await session.client.callTool({
      name: NOTE_TOOL_NAME,
      arguments: { statement: "the workspace has two files", confidence: 0.9, cites: ["obs-7"] },
    });
    expect(result.isError).toBeFalsy();
    const [belief] = gate.beliefs;
    expect(belief?.belief).toEqual({
      statement: "the workspace has two files",
      confidence: 0.9,
      cites: ["obs-7"],
    });
    expect(result.structuredContent).toEqual({ beliefId: belief?.id });
    expect(gate.evaluations).toHaveLength(0);
  });

  it("answers a lodestar_note with bad arguments as a tool error and records nothing", async () => {
    const gate = makeTestGate(policy);
    session = await connectThroughProxy({ gate, upstream: filesystemServer(dir.path) });
    const result = await session.client.callTool({
      name: NOTE_TOOL_NAME,
      arguments: { statement: "x", confidence: 2 },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/confidence/);
    expect(gate.beliefs).toHaveLength(0);
  });
});
