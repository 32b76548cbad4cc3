import { execFileSync, spawn } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readLog, verifyLog } from "@lodestar/log";
import { createDecision } from "@lodestar/protocol";
import { afterEach, describe, expect, it } from "vitest";
import {
  type HoldAnnouncement,
  type Kernel,
  listHolds,
  openKernel,
  writeDecisionFile,
} from "../src/index.ts";
import { makeHome, TEST_POLICY, type TestHome } from "./home-fixture.ts";

const open: Kernel[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close().catch(() => undefined)));
});

async function start(
  t: TestHome,
  session = "s1",
  extra: { onHold?: (a: HoldAnnouncement) => void; agent?: string; model?: string } = {},
) {
  const kernel = await openKernel({
    home: t.home,
    session,
    agent: extra.agent ?? "coder",
    model: extra.model ?? "m-1",
    onHold: extra.onHold,
  });
  open.push(kernel);
  return kernel;
}

async function envelopes(t: TestHome, session = "s1") {
  const out = [];
  for await (const e of readLog(t.home.sessionFile(session))) out.push(e);
  return out;
}

const value = (e: { body: Record<string, unknown> }, name: string) =>
  (e.body[name] as { value?: unknown } | undefined)?.value;

async function approve(
  t: TestHome,
  a: HoldAnnouncement,
  key: "alice" | "bob" | "low" | "operator",
  verdict: "approve" | "deny" = "approve",
) {
  const decision = createDecision({ hold: a, verdict, secretKey: t.keys[key].secretKey, approver: key });
  return writeDecisionFile(t.home.approvalsDir, decision);
}

describe("kernel gate", () => {
  it("allows a LOW read, records action and decision, and the log verifies", async () => {
    const t = await makeHome();
    await writeFile(join(t.workspace, "notes.txt"), "hi");
    const kernel = await start(t);
    const result = await kernel.evaluate({ tool: "fs.read", args: { path: "notes.txt" } });
    expect(result).toMatchObject({ verdict: "allow", level: "L0", rule: "tool:fs.read" });
    await kernel.recordOutcome(result.decisionId, { ok: true, content: "hi" });
    await kernel.close();
    const log = await envelopes(t);
    expect(log.map((e) => e.kind)).toEqual(
      expect.arrayContaining(["session.start", "action", "decision", "outcome", "session.end", "checkpoint"]),
    );
    expect(await verifyLog(t.home.sessionFile("s1"))).toMatchObject({ ok: true });
  });

  it("links a stated belief (lodestar_note) and a call's rationale to the decision they led to", async () => {
    const t = await makeHome();
    await writeFile(join(t.workspace, "notes.txt"), "hi");
    const kernel = await start(t);
    const read = await kernel.evaluate({ tool: "fs.read", args: { path: "notes.txt" } });
    const observation = await kernel.recordOutcome(read.decisionId, { ok: true, content: "hi" });
    const note = await kernel.recordBelief({
      statement: "notes are stale",
      confidence: 0.8,
      cites: [observation.id, "ev_not_in_this_session"],
    });
    const write = await kernel.evaluate({
      tool: "fs.write",
      args: { path: "notes.txt" },
      rationale: { statement: "rewrite them", confidence: 0.6 },
    });
    const log = await envelopes(t);
    const decision = log.find((e) => e.id === write.decisionId)!;
    const belief = log.find((e) => e.id === note.id)!;
    expect(belief.parents).toEqual([observation.id]);
    const rationale = log.find((e) => e.kind === "belief" && value(e, "statement") === "rewrite them")!;
    expect(decision.parents.slice(1).sort()).toEqual([note.id, rationale.id].sort());
  });

  it("denies a write outside the workspace with the rule that matched", async () => {
    const t = await makeHome();
    const kernel = await start(t);
    const result = await kernel.evaluate({ tool: "fs.write", args: { path: "../../etc/passwd" } });
    expect(result).toMatchObject({ verdict: "deny", rule: "outside-workspace-write" });
  });

  it("never runs a CRITICAL tool and never lists it; HIGH is hidden unless opted in", async () => {
    const t = await makeHome();
    const kernel = await start(t);
    expect(kernel.visibility("payments.send")).toBe("hidden");
    expect(kernel.visibility("fs.delete")).toBe("hidden");
    expect(kernel.visibility("fs.read")).toBe("listed");
    expect(await kernel.evaluate({ tool: "payments.send", args: { amount: 1 } })).toMatchObject({
      verdict: "deny",
      rule: "critical-tool",
    });
  });

  it("holds a HIGH call until an approver's signed decision arrives in the approvals folder", async () => {
    const t = await makeHome();
    let announced: HoldAnnouncement | undefined;
    const kernel = await start(t, "s1", { onHold: (a) => (announced = a) });
    const progress: string[] = [];
    const pending = kernel.evaluate(
      { tool: "fs.delete", args: { path: "build" } },
      { onProgress: (p) => progress.push(p.holdId) },
    );
    await until(() => announced !== undefined);
    expect((await listHolds(t.home)).map((h) => [h.holdId, h.status])).toEqual([[announced!.holdId, "open"]]);
    await approve(t, announced!, "alice");
    const result = await pending;
    expect(result).toMatchObject({
      verdict: "allow",
      holdId: announced!.holdId,
      reason: "approved by alice",
    });
    expect(progress[0]).toBe(announced!.holdId);
    expect(await readdir(join(t.home.approvalsDir, "applied"))).toHaveLength(1);
    await kernel.close();
    expect(await verifyLog(t.home.sessionFile("s1"))).toMatchObject({ ok: true });
    const grant = (await envelopes(t)).find((e) => e.kind === "grant");
    expect(value(grant!, "status")).toBe("approved");
  });

  it("records a minted decision as rejected, moves it aside with its reason, and the hold expires to deny", async () => {
    const t = await makeHome();
    let announced: HoldAnnouncement | undefined;
    const kernel = await start(t, "s1", { onHold: (a) => (announced = a) });
    const pending = kernel.evaluate({ tool: "fs.delete", args: { path: "build" } });
    await until(() => announced !== undefined);
    await approve(t, announced!, "low"); // pinned, but only for L1,L2
    const result = await pending;
    expect(result).toMatchObject({ verdict: "deny" });
    expect(result.reason).toMatch(/expired/);
    const rejected = await readdir(join(t.home.approvalsDir, "rejected"));
    const reasonFile = rejected.find((n) => n.endsWith(".reason.json"))!;
    expect(
      JSON.parse(await readFile(join(t.home.approvalsDir, "rejected", reasonFile), "utf8")),
    ).toMatchObject({ code: "key-not-authorized-for-level" });
    const grants = (await envelopes(t))
      .filter((e) => e.kind === "grant")
      .map((e) => [value(e, "status"), value(e, "code")]);
    expect(grants).toEqual([
      ["rejected", "key-not-authorized-for-level"],
      ["expired", undefined],
    ]);
  });

  it("needs two distinct approvers for L4 (quorum 2) and a deny wins", async () => {
    const t = await makeHome();
    const holds: HoldAnnouncement[] = [];
    const kernel = await start(t, "s1", { onHold: (a) => holds.push(a) });
    const first = kernel.evaluate({ tool: "git.push", args: { remote: "origin", refspec: "main" } });
    await until(() => holds.length === 1);
    expect(holds[0]!.level).toBe("L4");
    await approve(t, holds[0]!, "alice");
    await approve(t, holds[0]!, "bob");
    expect(await first).toMatchObject({ verdict: "allow", reason: "approved by alice, bob" });
    const second = kernel.evaluate({ tool: "git.push", args: { remote: "origin", refspec: "HEAD:main" } });
    await until(() => holds.length === 2);
    await approve(t, holds[1]!, "alice");
    await approve(t, holds[1]!, "bob", "deny");
    expect(await second).toMatchObject({ verdict: "deny" });
  });

  it("a cancelled call cancels its hold (recorded, resolves to deny)", async () => {
    const t = await makeHome();
    let announced: HoldAnnouncement | undefined;
    const kernel = await start(t, "s1", { onHold: (a) => (announced = a) });
    const controller = new AbortController();
    const pending = kernel.evaluate(
      { tool: "fs.delete", args: { path: "x" } },
      { signal: controller.signal },
    );
    await until(() => announced !== undefined);
    controller.abort();
    expect((await pending).reason).toMatch(/cancelled/);
    await approve(t, announced!, "alice");
    await until(async () => (await readdir(join(t.home.approvalsDir, "rejected"))).length > 0);
    const codes = (await envelopes(t)).filter((e) => e.kind === "grant").map((e) => value(e, "status"));
    expect(codes).toEqual(["cancelled", "rejected"]);
  });
});

describe("fail closed", () => {
  it("an unreadable policy denies everything and hides every tool", async () => {
    const t = await makeHome("version: 1\ntools: [this is not a policy\n");
    const kernel = await start(t);
    expect(kernel.visibility("fs.read")).toBe("hidden");
    const result = await kernel.evaluate({ tool: "fs.read", args: { path: "a" } });
    expect(result).toMatchObject({ verdict: "deny", rule: "policy-unavailable" });
    expect(result.reason).toMatch(/policy\.yaml/);
  });

  it("an unknown tool is denied", async () => {
    const t = await makeHome();
    const kernel = await start(t);
    expect(await kernel.evaluate({ tool: "rm_everything", args: {} })).toMatchObject({
      verdict: "deny",
      rule: "unknown-tool",
    });
  });

  it("an exception inside the kernel (the workspace vanished) is a deny", async () => {
    const t = await makeHome();
    const kernel = await start(t);
    await rm(t.workspace, { recursive: true, force: true });
    const result = await kernel.evaluate({ tool: "fs.read", args: { path: "a" } });
    expect(result).toMatchObject({ verdict: "deny" });
  });

  it("a log that cannot be written (a full disk) means no execution, and nothing runs after", async () => {
    const t = await makeHome();
    const child = fileURLToPath(new URL("./support/full-disk-child.ts", import.meta.url));
    // ulimit -f (1 KiB blocks in bash): the log file may not grow past 12 KiB, as on a full disk.
    const out = execFileSync(
      "bash",
      ["-c", `ulimit -f 12; exec "${process.execPath}" --import tsx "${child}" "${t.workspace}"`],
      { encoding: "utf8" },
    );
    const results = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { verdict: string; rule: string });
    const firstDeny = results.findIndex((r) => r.verdict === "deny");
    expect(firstDeny).toBeGreaterThan(0);
    expect(results.slice(firstDeny).every((r) => r.verdict === "deny" && r.rule === "log-unwritable")).toBe(
      true,
    );
  }, 20_000);
});

describe("observe mode", () => {
  it("decides, records what would have happened, and lets the call run", async () => {
    const t = await makeHome(TEST_POLICY.replace("mode: enforce", "mode: observe"));
    const kernel = await start(t);
    const result = await kernel.evaluate({ tool: "fs.write", args: { path: "../../etc/passwd" } });
    expect(result).toMatchObject({
      verdict: "allow",
      wouldHaveBeen: "deny",
      rule: "outside-workspace-write",
    });
    const held = await kernel.evaluate({ tool: "fs.delete", args: { path: "build" } });
    expect(held).toMatchObject({ verdict: "allow", wouldHaveBeen: "hold" });
    const decisions = (await envelopes(t))
      .filter((e) => e.kind === "decision")
      .map((e) => [value(e, "verdict"), value(e, "mode")]);
    expect(decisions).toEqual([
      ["deny", "observe"],
      ["hold", "observe"],
    ]);
  });
});

describe("restart", () => {
  it("kill -9 during a hold: the log verifies, the hold is resolved to deny on reopen and cannot be revived", async () => {
    const t = await makeHome();
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        fileURLToPath(new URL("./support/hold-child.ts", import.meta.url)),
        t.workspace,
        "s1",
      ],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const announced = await new Promise<HoldAnnouncement>((resolve, reject) => {
      let buffered = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        if (buffered.includes("\n")) resolve(JSON.parse(buffered.split("\n")[0]!) as HoldAnnouncement);
      });
      child.on("exit", (code) => reject(new Error(`child exited early (${code})`)));
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(await verifyLog(t.home.sessionFile("s1"))).toMatchObject({ ok: true });
    const second = await start(t);
    const grants = (await envelopes(t)).filter((e) => e.kind === "grant").map((e) => value(e, "status"));
    expect(grants).toEqual(["abandoned"]);
    await approve(t, announced, "alice");
    await until(async () => (await readdir(join(t.home.approvalsDir, "rejected"))).length > 0);
    const codes = (await envelopes(t)).filter((e) => e.kind === "grant").map((e) => value(e, "code"));
    expect(codes).toContain("hold-not-open");
    expect((await listHolds(t.home)).map((h) => h.status)).toEqual(["abandoned"]);
    await second.close();
    expect(await verifyLog(t.home.sessionFile("s1"))).toMatchObject({ ok: true });
  }, 20_000);
});

async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("trust ladder through the kernel", () => {
  async function heldDelete(t: TestHome, kernel: Kernel, holds: HoldAnnouncement[]) {
    const before = holds.length;
    const pending = kernel.evaluate({ tool: "fs.delete", args: { path: "build" } });
    await until(() => holds.length > before);
    await approve(t, holds.at(-1)!, "alice");
    const result = await pending;
    await kernel.recordOutcome(result.decisionId, { ok: true, content: "deleted" });
    return result;
  }

  it("earns a rung from approved outcomes, keeps it across a restart, and loses it on a model change", async () => {
    const t = await makeHome();
    const holds: HoldAnnouncement[] = [];
    const kernel = await start(t, "s1", { onHold: (a) => holds.push(a) });
    expect((await heldDelete(t, kernel, holds)).holdId).toBeDefined();
    expect((await heldDelete(t, kernel, holds)).holdId).toBeDefined();
    // Two approved outcomes with a perfect approval rate meet this policy's promotion: rung 3.
    const rungBefore = kernel.ladder()!.capabilities.find((c) => c.capability === "fs.delete")!.rung;
    expect(rungBefore).toBe(3);
    expect(await kernel.evaluate({ tool: "fs.delete", args: { path: "build" } })).toMatchObject({
      verdict: "allow",
      level: "L3",
    });
    await kernel.close();
    open.length = 0;

    const again = await start(t, "s2", { onHold: (a) => holds.push(a) });
    expect(again.ladder()!.capabilities.find((c) => c.capability === "fs.delete")!.rung).toBe(rungBefore);
    expect(await again.evaluate({ tool: "fs.delete", args: { path: "build" } })).toMatchObject({
      verdict: "allow",
    });
    await again.close();
    open.length = 0;

    const newModel = await start(t, "s3", { model: "m-2", onHold: (a) => holds.push(a) });
    const pending = newModel.evaluate({ tool: "fs.delete", args: { path: "build" } });
    await until(() => holds.length === 3);
    await approve(t, holds.at(-1)!, "alice", "deny");
    expect(await pending).toMatchObject({ verdict: "deny" });
  }, 30_000);

  it("flooding holds is rate limited, recorded as an anomaly, and demotes the agent", async () => {
    const t = await makeHome();
    const kernel = await start(t);
    const controller = new AbortController();
    const pending = Array.from({ length: 4 }, () =>
      kernel.evaluate({ tool: "fs.delete", args: { path: "x" } }, { signal: controller.signal }),
    );
    await until(async () => (await listHolds(t.home)).length === 4);
    const flood = await kernel.evaluate({ tool: "fs.delete", args: { path: "x" } });
    expect(flood).toMatchObject({ verdict: "deny", rule: "hold-rate-limit" });
    controller.abort();
    await Promise.all(pending);
    const agent = kernel.ladder()!.agents.find((a) => a.agent === "coder")!;
    expect(agent.startRung).toBe(1);
    // After the agent-wide demotion a MEDIUM write (L2) no longer runs unattended: it would hold,
    // and the agent is still over its hold budget, so it is refused.
    const write = await kernel.evaluate({ tool: "fs.write", args: { path: "notes.txt" } });
    expect(write).toMatchObject({ verdict: "deny", level: "L2", rule: "hold-rate-limit" });
  }, 20_000);
});
