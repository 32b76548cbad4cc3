import type { HoldProgress } from "@lodestar/kernel";
import { describe, expect, it } from "vitest";
import { createGuard, GuardDeniedError } from "../src/index.ts";
import { makeTestGate } from "./support/test-gate.ts";

const policy = {
  tools: {
    "fs.read": { risk: "LOW", verdict: "allow", rule: "read-ok" },
    "fs.readConstrained": {
      risk: "LOW",
      verdict: "allow",
      constrain: () => ({ path: "/workspace/safe.txt" }),
    },
    "fs.delete": { risk: "HIGH", verdict: "deny", rule: "no-delete" },
    "deploy.held": { risk: "HIGH", verdict: "hold-then-allow", holdMs: 150 },
    "deploy.expires": { risk: "HIGH", verdict: "hold-then-timeout", holdMs: 50 },
    "deploy.slow": { risk: "HIGH", verdict: "hold-then-allow", holdMs: 2_000 },
  },
} as const;

const quiet = { onError: () => undefined };

describe("createGuard: the in-process API", () => {
  it("runs an allowed call, returns its value and records the outcome against the decision", async () => {
    const gate = makeTestGate(policy);
    const guard = createGuard(gate, quiet);
    const seen: unknown[] = [];
    const value = await guard.call("fs.read", { path: "a.txt" }, async (args) => {
      seen.push(args);
      return { text: "contents" };
    });
    expect(value).toEqual({ text: "contents" });
    expect(seen).toEqual([{ path: "a.txt" }]);
    const decision = gate.evaluations[0]!.result;
    expect(gate.outcomes).toEqual([
      {
        decisionId: decision.decisionId,
        outcome: { ok: true, content: { text: "contents" } },
        id: expect.any(String),
      },
    ]);
  });

  it("runs with the gate's constrained arguments", async () => {
    const guard = createGuard(makeTestGate(policy), quiet);
    const ran = await guard.call("fs.readConstrained", { path: "../../etc/passwd" }, async (args) => args);
    expect(ran).toEqual({ path: "/workspace/safe.txt" });
  });

  it("throws GuardDeniedError with code, level, rule and reason, and never runs the tool", async () => {
    const gate = makeTestGate(policy);
    const guard = createGuard(gate, quiet);
    let ran = false;
    const error = await guard
      .call("fs.delete", { path: "x" }, async () => {
        ran = true;
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuardDeniedError);
    expect(error).toMatchObject({
      code: "denied",
      tool: "fs.delete",
      level: "L3",
      rule: "no-delete",
      reason: "table denies fs.delete",
      message: 'Lodestar denied "fs.delete". Level L3, rule "no-delete": table denies fs.delete',
    });
    expect(ran).toBe(false);
    expect(gate.outcomes).toEqual([]);
  });

  it("records a thrown error as a failed outcome and rethrows the original error", async () => {
    const gate = makeTestGate(policy);
    const guard = createGuard(gate, quiet);
    const boom = Object.assign(new Error("disk on fire"), { code: "EIO" });
    await expect(
      guard.call("fs.read", { path: "a.txt" }, async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(gate.outcomes[0]?.outcome).toEqual({
      ok: false,
      content: { error: { name: "Error", message: "disk on fire", code: "EIO" } },
    });
  });

  it("passes the rationale to the gate and reports hold progress, then runs once approved", async () => {
    const gate = makeTestGate(policy);
    const guard = createGuard(gate, quiet);
    const progress: HoldProgress[] = [];
    const rationale = { statement: "the release is tested", confidence: 0.7, cites: ["obs-3"] };
    const value = await guard.call("deploy.held", { env: "prod" }, async () => "deployed", {
      rationale,
      onProgress: (p) => progress.push(p),
    });
    expect(value).toBe("deployed");
    expect(gate.evaluations[0]?.call.rationale).toEqual(rationale);
    expect(progress).toEqual([
      expect.objectContaining({ level: "L3", holdId: gate.evaluations[0]?.result.holdId }),
    ]);
  });

  it("throws hold-denied when a hold expires", async () => {
    const guard = createGuard(makeTestGate(policy), quiet);
    await expect(guard.call("deploy.expires", {}, async () => "never")).rejects.toMatchObject({
      code: "hold-denied",
      rule: "hold.expired",
    });
  });

  it("throws cancelled, promptly, when the caller aborts during a hold; the tool never runs", async () => {
    const gate = makeTestGate(policy);
    const guard = createGuard(gate, quiet);
    const controller = new AbortController();
    let ran = false;
    const started = Date.now();
    const call = guard.call(
      "deploy.slow",
      {},
      async () => {
        ran = true;
      },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(call).rejects.toMatchObject({ name: "GuardDeniedError", code: "cancelled" });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(gate.evaluations[0]?.signalAborted).toBe(true);
    expect(ran).toBe(false);
  });

  it("refuses a malformed rationale before evaluating", async () => {
    const gate = makeTestGate(policy);
    const guard = createGuard(gate, quiet);
    await expect(
      guard.call("fs.read", {}, async () => 1, { rationale: { statement: "", confidence: 0.5 } }),
    ).rejects.toThrow(TypeError);
    expect(gate.evaluations).toEqual([]);
  });

  it("records a belief with note()", async () => {
    const gate = makeTestGate(policy);
    const guard = createGuard(gate, quiet);
    const { id } = await guard.note({ statement: "tests pass", confidence: 0.95, cites: ["obs-1"] });
    expect(gate.beliefs).toEqual([
      { belief: { statement: "tests pass", confidence: 0.95, cites: ["obs-1"] }, id },
    ]);
  });

  it("fails closed when a gate breaks its contract and throws", async () => {
    const errors: Error[] = [];
    const broken = {
      ...makeTestGate(policy),
      evaluate: async () => Promise.reject(new Error("kernel crashed")),
    };
    const guard = createGuard(broken, { onError: (e) => errors.push(e) });
    let ran = false;
    await expect(
      guard.call("fs.read", {}, async () => {
        ran = true;
      }),
    ).rejects.toMatchObject({ code: "denied", rule: "guard.gate-failed" });
    expect(ran).toBe(false);
    expect(errors.map((e) => e.message)).toEqual(["kernel crashed"]);
  });

  it("still returns the tool's value when its outcome cannot be recorded, and reports it", async () => {
    const errors: Error[] = [];
    const gate = makeTestGate(policy);
    const failing = {
      ...gate,
      visibility: gate.visibility,
      evaluate: gate.evaluate,
      recordOutcome: async () => Promise.reject(new Error("disk full")),
    };
    const guard = createGuard(failing, { onError: (e) => errors.push(e) });
    expect(await guard.call("fs.read", {}, async () => "value")).toBe("value");
    expect(errors[0]?.message).toMatch(/^outcome of decision dec-\d+ was not recorded: disk full$/);
  });
});
