import { DOMAINS, domainHash } from "@lodestar/crypto";
import { actionDigest } from "@lodestar/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ActionLevel,
  decide,
  holdsAt,
  LEVELS,
  type Policy,
  parsePolicy,
  policyDigest,
  resolveCall,
  visibility,
} from "../src/index.ts";
import { decideIn, loadExample, makeWorkspace, NOW, resolveIn, type Workspace } from "./helpers.ts";

const GATE = `
version: 1
tools:
  low.tool: { risk: LOW }
  medium.tool: { risk: MEDIUM }
  high.tool: { risk: HIGH }
  crit.tool: { risk: CRITICAL }
  fs.write: { risk: MEDIUM, args: { path: path } }
  fs.copy: { risk: MEDIUM, args: { from: path, to: path } }
  shell.exec: { risk: HIGH, args: { command: command } }
rules:
  - { id: lax-first, tool: fs.write, when: { path: { glob: "src/**" } }, level: L0 }
  - { id: strict-later, tool: fs.write, when: { path: { glob: "src/secret/**" } }, level: L4 }
  - { id: tie-a, tool: fs.write, when: { path: { glob: "docs/**" } }, level: L3 }
  - { id: tie-b, tool: fs.write, when: { path: { glob: "docs/**" } }, level: L3 }
  - { id: copy-within-src, tool: fs.copy, when: { path: { glob: "src/**" } }, level: L0 }
  - { id: copy-any-docs, tool: fs.copy, when: { path: { glob: "docs/**" } }, level: L3 }
  - { id: push-feature, tool: shell.exec, when: { git: { ref: "feature/*" } }, level: L1 }
approvals:
  holdTtl: { default: 2m, L4: 30m }
  approvers:
    L3: [alice, bob]
    L4: { keys: [alice, bob, carol], quorum: 2 }
  rateLimit: { maxHolds: 3, window: 10m }
ladder: { initialRung: 2, maxRung: 2 }
`;

let gate: Policy;
let ws: Workspace;
beforeAll(async () => {
  gate = parsePolicy(GATE);
  ws = await makeWorkspace();
});
afterAll(() => ws.cleanup());

describe("default gate: risk → level → verdict", () => {
  it("LOW (L0) and MEDIUM (L2) run, HIGH (L3) holds, CRITICAL is denied — at the default rung 2", async () => {
    expect(await decideIn(gate, ws, "low.tool", {})).toMatchObject({
      verdict: "allow",
      level: "L0",
      risk: "LOW",
      rule: "tool:low.tool",
    });
    expect(await decideIn(gate, ws, "medium.tool", {})).toMatchObject({
      verdict: "allow",
      level: "L2",
      risk: "MEDIUM",
    });
    expect(await decideIn(gate, ws, "high.tool", {})).toMatchObject({
      verdict: "hold",
      level: "L3",
      risk: "HIGH",
    });
    const crit = await decideIn(gate, ws, "crit.tool", {}, { rung: 3 });
    expect(crit).toMatchObject({ verdict: "deny", risk: "CRITICAL", rule: "critical-tool" });
  });

  it("an unknown tool is denied with a reason (fail closed)", async () => {
    const d = await decideIn(gate, ws, "fs.delete", { path: "x" });
    expect(d).toMatchObject({ verdict: "deny", level: "L4", risk: "CRITICAL", rule: "unknown-tool" });
    expect(d.reason).toContain('"fs.delete" is not in the policy');
  });

  it("holdsAt: L4 always holds; rung r runs L0..Lr", () => {
    const table = [0, 1, 2, 3].map((rung) => LEVELS.map((l) => (holdsAt(l, rung) ? "H" : "-")).join(""));
    expect(table).toEqual(["-HHHH", "--HHH", "---HH", "----H"]);
  });

  it("the rung moves the threshold, capped by ladder.maxRung; a nonsense rung is rung 0", async () => {
    expect(await decideIn(gate, ws, "medium.tool", {}, { rung: 1 })).toMatchObject({
      verdict: "hold",
      rung: 1,
    });
    expect(await decideIn(gate, ws, "high.tool", {}, { rung: 3 })).toMatchObject({
      verdict: "hold",
      rung: 2,
    });
    for (const rung of [-1, 1.5, Number.NaN]) {
      expect(await decideIn(gate, ws, "low.tool", {}, { rung })).toMatchObject({ verdict: "allow", rung: 0 });
      expect(await decideIn(gate, ws, "medium.tool", {}, { rung })).toMatchObject({
        verdict: "hold",
        rung: 0,
      });
    }
  });

  it("visibility: CRITICAL never, HIGH only when opted in, unknown never", () => {
    expect(visibility(gate, "crit.tool", { allowHigh: true })).toBe("hidden");
    expect(visibility(gate, "high.tool")).toBe("hidden");
    expect(visibility(gate, "high.tool", { allowHigh: true })).toBe("listed");
    expect(visibility(gate, "medium.tool")).toBe("listed");
    expect(visibility(gate, "low.tool")).toBe("listed");
    expect(visibility(gate, "nope")).toBe("hidden");
  });
});

describe("rule combination", () => {
  it("the strictest matching rule wins regardless of file order", async () => {
    expect(await decideIn(gate, ws, "fs.write", { path: "src/secret/k" })).toMatchObject({
      level: "L4",
      rule: "strict-later",
    });
    expect(await decideIn(gate, ws, "fs.write", { path: "src/a.ts" })).toMatchObject({
      level: "L0",
      rule: "lax-first",
      verdict: "allow",
    });
  });

  it("ties go to the first rule in the file", async () => {
    expect(await decideIn(gate, ws, "fs.write", { path: "docs/x" })).toMatchObject({
      level: "L3",
      rule: "tie-a",
    });
  });

  it("a lowering rule needs every path to match; a raising rule fires on any", async () => {
    expect(await decideIn(gate, ws, "fs.copy", { from: "src/a", to: "src/b" })).toMatchObject({
      level: "L0",
      rule: "copy-within-src",
    });
    expect(await decideIn(gate, ws, "fs.copy", { from: "src/a", to: "build/b" })).toMatchObject({
      level: "L2",
      rule: "tool:fs.copy",
    });
    expect(await decideIn(gate, ws, "fs.copy", { from: "src/a", to: "docs/b" })).toMatchObject({
      level: "L3",
      rule: "copy-any-docs",
    });
  });

  it("a lowering rule never applies to a command with operators, even if its own predicate matches", async () => {
    expect(await decideIn(gate, ws, "shell.exec", { command: "git push origin feature/x" })).toMatchObject({
      level: "L1",
      rule: "push-feature",
    });
    const chained = await decideIn(gate, ws, "shell.exec", {
      command: "git push origin feature/x; rm -rf /",
    });
    expect(chained).toMatchObject({ level: "L3", verdict: "hold", rule: "tool:shell.exec" });
  });
});

describe("holds", () => {
  it("carry the per-level TTL, approver keys, quorum and self-approval setting", async () => {
    const l3 = await decideIn(gate, ws, "high.tool", {});
    expect(l3.hold).toEqual({
      ttlMs: 120_000,
      expiresAt: NOW + 120_000,
      approverKeys: ["alice", "bob"],
      quorum: 1,
      selfApproval: false,
    });
    const l4 = await decideIn(gate, ws, "fs.write", { path: "src/secret/k" });
    expect(l4.hold).toEqual({
      ttlMs: 1_800_000,
      expiresAt: NOW + 1_800_000,
      approverKeys: ["alice", "bob", "carol"],
      quorum: 2,
      selfApproval: false,
    });
    expect((await decideIn(gate, ws, "low.tool", {})).hold).toBeUndefined();
  });

  it("are rate-limited per agent: over the limit the call is denied and flagged as an anomaly", async () => {
    const recent = [NOW - 60_000, NOW - 120_000, NOW - 180_000];
    const d = await decideIn(gate, ws, "high.tool", {}, { recentHolds: recent });
    expect(d).toMatchObject({
      verdict: "deny",
      rule: "hold-rate-limit",
      anomaly: "hold-rate-limit",
      level: "L3",
    });
    expect(d.reason).toContain("3 holds in the last 600s");
    const old = [NOW - 11 * 60_000, NOW - 60_000, NOW - 120_000];
    expect(await decideIn(gate, ws, "high.tool", {}, { recentHolds: old })).toMatchObject({
      verdict: "hold",
    });
    expect(await decideIn(gate, ws, "low.tool", {}, { recentHolds: recent })).toMatchObject({
      verdict: "allow",
    });
  });
});

describe("digests and modes", () => {
  it("policyDigest is domainHash(lodestar.policy.v1, normalised policy) and ignores comments/layout/shorthand", () => {
    expect(gate.digest).toBe(domainHash(DOMAINS.policy, gate.source));
    expect(policyDigest(gate)).toBe(gate.digest);
    const a = parsePolicy("version: 1\ntools:\n  fs.read: { risk: LOW, args: { path: path } }\n");
    const b = parsePolicy(
      "# comment\nversion: 1\nmode: enforce\ntools:\n  fs.read:\n    risk: LOW\n    args:\n      path: { kind: path }\nrules: []\n",
    );
    expect(a.digest).toBe(b.digest);
    const c = parsePolicy("version: 1\ntools:\n  fs.read: { risk: MEDIUM, args: { path: path } }\n");
    expect(c.digest).not.toBe(a.digest);
  });

  it("actionDigest binds session, tool, resolved args, cwd, level and policy", async () => {
    const resolved = await resolveIn(gate, ws, "fs.write", { path: "docs/../src/a.ts" });
    const d = decide(gate, resolved, { agent: "a", rung: 2, now: NOW, session: "s1" });
    const expected = domainHash(DOMAINS.action, {
      session: "s1",
      tool: "fs.write",
      args: { path: `${ws.root}/src/a.ts` },
      cwd: ws.root,
      level: "L0",
      policyDigest: gate.digest,
    });
    expect(d.actionDigest).toBe(expected);
    const base = {
      session: "s1",
      tool: "fs.write",
      args: resolved.args,
      cwd: ws.root,
      level: "L0" as ActionLevel,
      policyDigest: gate.digest,
    };
    expect(actionDigest(base)).toBe(expected);
    const variants = [
      { ...base, session: "s2" },
      { ...base, args: { path: `${ws.root}/src/b.ts` } },
      { ...base, level: "L1" as ActionLevel },
      { ...base, cwd: `${ws.root}/src` },
      { ...base, policyDigest: "0".repeat(64) },
      { ...base, tool: "write_file" },
    ];
    for (const v of variants) expect(actionDigest(v)).not.toBe(expected);
    expect(decide(gate, resolved, { agent: "a", rung: 2, now: NOW }).actionDigest).toBeUndefined();
  });

  it("a call resolved under another policy is refused", async () => {
    const example = await loadExample();
    const resolved = await resolveIn(example, ws, "fs.read", { path: "src/a.ts" });
    expect(decide(gate, resolved, { agent: "a", rung: 2, now: NOW })).toMatchObject({
      verdict: "deny",
      rule: "policy-mismatch",
    });
  });

  it("arguments that are not canonical JSON are refused when a digest is needed", async () => {
    const resolved = await resolveIn(gate, ws, "low.tool", { note: "\ud800" });
    const d = decide(gate, resolved, { agent: "a", rung: 2, now: NOW, session: "s" });
    expect(d).toMatchObject({ verdict: "deny", rule: "invalid-argument" });
  });

  it("an internal error denies instead of throwing", async () => {
    const resolved = await resolveIn(gate, ws, "fs.write", { path: "src/a.ts" });
    const broken = { ...resolved, paths: null as never };
    expect(decide(gate, broken, { agent: "a", rung: 2, now: NOW })).toMatchObject({
      verdict: "deny",
      rule: "internal-error",
    });
  });

  it("observe mode is reported so the kernel can run and record what would have happened", async () => {
    const observe = parsePolicy("version: 1\nmode: observe\ntools:\n  high.tool: { risk: HIGH }\n");
    expect(await decideIn(observe, ws, "high.tool", {})).toMatchObject({ mode: "observe", verdict: "hold" });
  });
});

describe("hostile tool names", () => {
  it("a non-string, empty or oversized tool name is unknown and denied, even with a `*` entry", async () => {
    const star = parsePolicy("version: 1\ntools:\n  '*': { risk: LOW }\n");
    for (const tool of [undefined, 42, "", "x".repeat(100_000)]) {
      const resolved = resolveCall(star, { tool: tool as never, args: {} }, { workspace: ws.root });
      expect(resolved.toolPattern).toBeNull();
      expect(decide(star, resolved, { agent: "a", rung: 2, now: NOW })).toMatchObject({
        verdict: "deny",
        rule: "unknown-tool",
      });
    }
    expect(visibility(star, "x".repeat(300))).toBe("hidden");
    expect(await decideIn(star, ws, "anything.else", {})).toMatchObject({ verdict: "allow", rule: "tool:*" });
  });
});
