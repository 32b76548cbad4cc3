import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { readSecretKeyFile } from "@lodestar/crypto/node";
import { writeDecisionFile } from "@lodestar/kernel";
import { createDecision } from "@lodestar/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, startGuarded } from "./support/guarded-client.ts";
import { holdsCli } from "./support/holds-cli.ts";
import { lodestar } from "./support/lodestar-cli.ts";
import { partValue, readSession } from "./support/session-log.ts";
import { makeWorkspace, type TestWorkspace } from "./support/test-workspace.ts";

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("kill -9 of `lodestar run` while a call is held", () => {
  const session = "fs-kill";
  let ws: TestWorkspace;
  let holdId: string;

  beforeAll(async () => {
    ws = await makeWorkspace();
    const guard = await startGuarded(ws, { session });
    const call = callTool(guard.client, "read_text_file", { path: ".env" }, async (id) => {
      holdId = id;
      // The hold is on disk (the guard fsyncs before it announces): kill the proxy, no goodbye.
      process.kill(guard.pid, "SIGKILL");
    });
    await expect(call).rejects.toThrow(/Connection closed/);
    await guard.exited;
  });

  afterAll(async () => {
    await ws?.remove();
  });

  it("leaves a log that verifies", async () => {
    expect(holdId).toMatch(/^hold_/);
    const verified = await lodestar(["verify", session], { cwd: ws.dir });
    expect(verified.stdout).toMatch(/^ok: /);
    expect(verified.status).toBe(0);
    const log = await readSession(ws.sessionFile(session));
    // The hold is the last thing the dead process wrote (a timed checkpoint may follow it).
    expect(log.filter((e) => e.kind !== "checkpoint").at(-1)?.kind).toBe("hold");
    expect(log.some((e) => e.kind === "session.end")).toBe(false);
    // Killed, not closed: its writer's lock is still on disk (the restart takes it over).
    expect(existsSync(`${ws.sessionFile(session)}.lock`)).toBe(true);
  });

  it("does not revive the hold after a restart: abandoned, unapprovable, a signed decision rejected", async () => {
    const guard = await startGuarded(ws, { session });
    try {
      const [listed, approve] = await Promise.all([
        holdsCli(ws, { all: true }),
        lodestar(["approve", holdId, "--key", "alice"], { cwd: ws.dir }),
      ]);
      expect(listed).toEqual([expect.objectContaining({ holdId, session, status: "abandoned" })]);
      expect(approve.status).toBe(1);
      expect(approve.stderr.trim()).toBe(
        `lodestar approve: hold ${holdId} is abandoned; it can no longer be decided [rejected]`,
      );

      // A decision signed by a pinned approver anyway (an old `approve` that raced the crash, a
      // replayed file): the restarted guard verifies it against the log and refuses it.
      const alice = await readSecretKeyFile(join(ws.keyStore, "alice.key"));
      const decision = createDecision({
        hold: listed[0]!,
        verdict: "approve",
        secretKey: alice.secretKey,
        approver: "alice",
      });
      const file = await writeDecisionFile(join(ws.home, "approvals"), decision);
      const rejected = join(ws.home, "approvals", "rejected");
      const reasonFile = await until("the rejected decision", async () => {
        const names = existsSync(rejected) ? await readdir(rejected) : [];
        const name = names.find((n) => n.startsWith(holdId) && n.endsWith(".reason.json"));
        return name === undefined ? undefined : join(rejected, name);
      });
      expect(JSON.parse(await readFile(reasonFile, "utf8"))).toMatchObject({ code: "hold-not-open" });
      expect(existsSync(file)).toBe(false);
      const stillDenied = await holdsCli(ws, { all: true });
      expect(stillDenied).toEqual([expect.objectContaining({ holdId, status: "abandoned" })]);
    } finally {
      await guard.close();
      await guard.exited;
    }

    expect((await lodestar(["verify", session], { cwd: ws.dir })).status).toBe(0);
    expect(existsSync(`${ws.sessionFile(session)}.lock`)).toBe(false);
    const log = await readSession(ws.sessionFile(session));
    const grants = log.filter((e) => e.kind === "grant" && partValue(e, "holdId") === holdId);
    expect(grants.map((g) => [partValue(g, "status"), partValue(g, "code") ?? null])).toEqual([
      ["abandoned", null],
      ["rejected", "hold-not-open"],
    ]);
    // The held read never ran, before or after the restart.
    expect(log.filter((e) => e.kind === "outcome")).toEqual([]);
    const starts = log.filter((e) => e.kind === "session.start").map((e) => partValue(e, "resumed"));
    expect(starts).toEqual([false, true]);
  });
});
