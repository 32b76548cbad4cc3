import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { HoldListing } from "@lodestar/kernel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, type Guarded, startGuarded } from "./support/guarded-client.ts";
import { holdsCli } from "./support/holds-cli.ts";
import { lodestar } from "./support/lodestar-cli.ts";
import { partValue, readSession } from "./support/session-log.ts";
import { makeWorkspace, README, SECRET, shortHolds, type TestWorkspace } from "./support/test-workspace.ts";

describe("lodestar run guarding @modelcontextprotocol/server-filesystem, default policy", () => {
  const session = "fs-main";
  let ws: TestWorkspace;
  let guard: Guarded;

  beforeAll(async () => {
    ws = await makeWorkspace();
    guard = await startGuarded(ws, { session });
  });

  afterAll(async () => {
    await guard?.close();
    await ws?.remove();
  });

  it("lists the LOW and MEDIUM tools and hides the HIGH ones (the policy's `*` entry)", async () => {
    const names = (await guard.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["read_text_file", "write_file", "lodestar_note"]));
    for (const high of ["list_directory_with_sizes", "list_allowed_directories", "read_media_file"])
      expect(names).not.toContain(high);
  });

  it("passes an allowed read to the server and returns its result", async () => {
    const read = await callTool(guard.client, "read_text_file", { path: "README.md" });
    expect(read.result.isError).not.toBe(true);
    expect(read.text).toBe(README);
    expect(read.lodestar).toMatchObject({ verdict: "allow", level: "L0" });
    expect(read.heldAs).toBeUndefined();
  });

  it("denies a write outside the workspace with its rule, and nothing is written", async () => {
    const outsideName = `escape-${basename(ws.dir)}.txt`;
    const write = await callTool(guard.client, "write_file", { path: `../${outsideName}`, content: "pwned" });
    expect(write.result.isError).toBe(true);
    expect(write.lodestar).toMatchObject({
      verdict: "deny",
      rule: "outside-workspace-write",
      code: "denied",
    });
    expect(write.text).toContain('rule "outside-workspace-write"');
    expect(existsSync(join(dirname(ws.dir), outsideName))).toBe(false);
  });

  it("holds a HIGH call until `lodestar approve` in another process signs it, then runs it", async () => {
    const seen: HoldListing[] = [];
    const call = await callTool(
      guard.client,
      "list_directory_with_sizes",
      { path: ws.dir },
      async (holdId) => {
        // The approver's view: a separate `lodestar` process reading the log, not the guard's memory.
        seen.push(...(await holdsCli(ws)));
        const approved = await lodestar(["approve", holdId, "--key", "alice", "--reason", "looks fine"], {
          cwd: ws.dir,
        });
        expect(approved.status).toBe(0);
        expect(approved.stdout).toContain(`approved ${holdId}`);
      },
    );
    expect(call.heldAs).toMatch(/^hold_/);
    expect(seen).toEqual([
      expect.objectContaining({
        holdId: call.heldAs,
        session,
        tool: "list_directory_with_sizes",
        level: "L3",
        status: "open",
      }),
    ]);
    expect(call.result.isError).not.toBe(true);
    expect(call.lodestar).toMatchObject({ verdict: "allow", level: "L3", holdId: call.heldAs });
    // It ran: the listing came from the real server.
    expect(call.text).toContain("README.md");
    expect(await holdsCli(ws, { all: true })).toEqual([
      expect.objectContaining({ holdId: call.heldAs, status: "approved" }),
    ]);
  });

  it("leaves a log that verifies and records the approval and the outcome it led to", async () => {
    await guard.close();
    await guard.exited;
    const verified = await lodestar(["verify", session], { cwd: ws.dir });
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/^ok: /);
    const log = await readSession(ws.sessionFile(session));
    const grant = log.find((e) => e.kind === "grant");
    expect(grant && partValue(grant, "status")).toBe("approved");
    expect(grant && partValue(grant, "approvers")).toEqual(["alice"]);
    const verdicts = log.filter((e) => e.kind === "decision").map((e) => partValue(e, "verdict"));
    expect(verdicts).toEqual(["allow", "deny", "hold"]);
    // Two calls ran (the read and the approved listing): two outcomes; the denied write has none.
    expect(log.filter((e) => e.kind === "outcome")).toHaveLength(2);
    expect(log.at(-1)?.kind === "checkpoint" || log.at(-1)?.kind === "session.end").toBe(true);
  });
});

describe("a hold nobody answers", () => {
  it("expires to deny on time, and a late approval is refused", async () => {
    const ws = await makeWorkspace();
    try {
      await ws.editPolicy(shortHolds("1s"));
      const guard = await startGuarded(ws, { session: "fs-expire" });
      const started = Date.now();
      const read = await callTool(guard.client, "read_text_file", { path: ".env" });
      const waited = Date.now() - started;
      await guard.close();
      await guard.exited;
      expect(read.heldAs).toMatch(/^hold_/);
      expect(read.result.isError).toBe(true);
      expect(read.lodestar).toMatchObject({
        verdict: "deny",
        rule: "secrets-read",
        code: "hold-denied",
        holdId: read.heldAs,
      });
      expect(String(read.lodestar.reason)).toMatch(/^hold expired at /);
      expect(read.text).not.toContain(SECRET.trim());
      expect(waited).toBeGreaterThanOrEqual(900);
      expect(waited).toBeLessThan(10_000);
      // The approver's side, afterwards: the hold shows as expired and cannot be revived.
      const [listed, late, verified] = await Promise.all([
        holdsCli(ws, { all: true }),
        lodestar(["approve", String(read.heldAs), "--key", "alice"], { cwd: ws.dir }),
        lodestar(["verify", "fs-expire"], { cwd: ws.dir }),
      ]);
      expect(listed).toEqual([expect.objectContaining({ holdId: read.heldAs, status: "expired" })]);
      expect(late.status).toBe(1);
      expect(late.stderr).toContain(`hold ${read.heldAs} is expired; it can no longer be decided`);
      expect(verified.status).toBe(0);
      const grants = (await readSession(ws.sessionFile("fs-expire"))).filter((e) => e.kind === "grant");
      expect(grants.map((g) => partValue(g, "status"))).toEqual(["expired"]);
    } finally {
      await ws.remove();
    }
  });
});
