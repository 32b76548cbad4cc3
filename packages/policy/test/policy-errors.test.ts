import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadPolicyFile, PolicyError, parsePolicy, policyFromObject } from "../src/index.ts";

const FILE = "policy.yaml";

function errorOf(text: string): PolicyError {
  try {
    parsePolicy(text, { file: FILE });
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return error as PolicyError;
  }
  throw new Error("expected a PolicyError");
}

const TOOLS = `version: 1
tools:
  fs.read: { risk: LOW, args: { path: path } }
  shell.exec: { risk: HIGH, args: { command: command } }
`;

describe("policy file errors name the file, line, column and field", () => {
  it("YAML syntax error", () => {
    const e = errorOf("version: 1\ntools:\n  fs.read: { risk: LOW\n");
    expect(e).toMatchObject({ code: "yaml-syntax", file: FILE, line: 4 });
    expect(e.message).toMatch(/^policy\.yaml:4:\d+: /);
  });

  it("a duplicated key (the second would silently win)", () => {
    const e = errorOf(`${TOOLS}  fs.read: { risk: HIGH }\n`);
    expect(e).toMatchObject({ code: "duplicate-key", line: 5, column: 3 });
  });

  it("unsupported or missing version", () => {
    expect(errorOf("version: 2\ntools: {}\n")).toMatchObject({
      code: "unsupported-version",
      line: 1,
      column: 10,
      field: "version",
    });
    expect(errorOf("tools: {}\n")).toMatchObject({ code: "unsupported-version", field: "version" });
  });

  it("an invalid enum value names the field", () => {
    const e = errorOf(`${TOOLS}  fs.write: { risk: SEVERE }\n`);
    expect(e).toMatchObject({ code: "invalid-field", line: 5, column: 21, field: 'tools["fs.write"].risk' });
    expect(e.message).toContain('policy.yaml:5:21: field tools["fs.write"].risk: ');
    expect(e.detail).toContain("LOW");
  });

  it("an unknown argument kind", () => {
    const e = errorOf(`${TOOLS}  fs.write: { risk: LOW, args: { path: paht } }\n`);
    expect(e).toMatchObject({ code: "invalid-field", line: 5, field: 'tools["fs.write"].args.path' });
    expect(e.detail).toContain("path");
  });

  it("a missing required field is reported at its parent", () => {
    const e = errorOf(`${TOOLS}rules:\n  - tool: fs.read\n    level: L0\n`);
    expect(e).toMatchObject({ code: "invalid-field", line: 6, column: 5, field: "rules[0].id" });
    expect(e.detail).toContain("required");
  });

  it("an unknown field (a typo must not silently weaken a rule) is reported at the key", () => {
    const e = errorOf(`${TOOLS}rules:\n  - id: r1\n    tool: fs.read\n    levle: L0\n`);
    expect(e).toMatchObject({ code: "unknown-field", line: 8, column: 5, field: "rules[0].levle" });
  });

  it("a wrong type deep inside a rule", () => {
    const e = errorOf(
      `${TOOLS}rules:\n  - id: r1\n    tool: fs.read\n    when: { path: { outside: yes-please } }\n    level: deny\n`,
    );
    expect(e).toMatchObject({ code: "invalid-field", line: 8, field: "rules[0].when.path.outside" });
  });

  it("duplicate rule ids", () => {
    const text = `${TOOLS}rules:\n  - { id: r1, tool: fs.read, level: L0 }\n  - { id: r1, tool: fs.read, level: L1 }\n`;
    const e = errorOf(text);
    expect(e).toMatchObject({ code: "duplicate-rule-id", line: 7, column: 11, field: "rules[1].id" });
    expect(e.detail).toContain("rules[0]");
  });

  it("a rule needs exactly one of level and constrain", () => {
    expect(errorOf(`${TOOLS}rules:\n  - { id: r1, tool: fs.read }\n`)).toMatchObject({
      code: "invalid-field",
      line: 6,
      field: "rules[0]",
    });
    const both = `${TOOLS}rules:\n  - { id: r1, tool: shell.exec, level: L1, constrain: { appendArgs: [-n] } }\n`;
    expect(errorOf(both)).toMatchObject({ code: "invalid-field", field: "rules[0]" });
  });

  it("an empty predicate would match nothing", () => {
    const e = errorOf(`${TOOLS}rules:\n  - { id: r1, tool: fs.read, when: { path: {} }, level: deny }\n`);
    expect(e).toMatchObject({ code: "invalid-field", line: 6, field: "rules[0].when.path" });
  });

  it("a path glob that could never match (absolute or with ..)", () => {
    const e = errorOf(
      `${TOOLS}rules:\n  - id: r1\n    tool: fs.read\n    when: { path: { glob: [src/**, /etc/**] } }\n    level: deny\n`,
    );
    expect(e).toMatchObject({ code: "invalid-pattern", line: 8, field: "rules[0].when.path.glob[1]" });
    expect(
      errorOf(
        `${TOOLS}rules:\n  - { id: r1, tool: fs.read, when: { path: { glob: "../x" } }, level: deny }\n`,
      ),
    ).toMatchObject({
      code: "invalid-pattern",
      field: "rules[0].when.path.glob",
    });
  });

  it("a command prefix with shell operators", () => {
    const e = errorOf(
      `${TOOLS}rules:\n  - id: r1\n    tool: shell.exec\n    when: { command: { prefix: [ls, "ls; rm"] } }\n    level: L0\n`,
    );
    expect(e).toMatchObject({ code: "invalid-pattern", line: 8, field: "rules[0].when.command.prefix[1]" });
  });

  it("a host pattern that is not a host", () => {
    const e = errorOf(
      `${TOOLS}rules:\n  - { id: r1, tool: fs.read, when: { url: { host: "evil.com/x" } }, level: deny }\n`,
    );
    expect(e).toMatchObject({ code: "invalid-pattern", line: 6, field: "rules[0].when.url.host" });
  });

  it("a constraint that would rewrite a classified argument", () => {
    const e = errorOf(
      `${TOOLS}rules:\n  - id: r1\n    tool: fs.*\n    constrain: { set: { path: /tmp/x } }\n`,
    );
    expect(e).toMatchObject({ code: "invalid-constraint", line: 8, field: "rules[0].constrain.set.path" });
  });

  it("approver quorum above the listed keys, and duplicate keys", () => {
    const q = errorOf(`${TOOLS}approvals:\n  approvers:\n    L4: { keys: [alice], quorum: 2 }\n`);
    expect(q).toMatchObject({ code: "invalid-field", line: 7, field: "approvals.approvers.L4.quorum" });
    const dup = errorOf(`${TOOLS}approvals:\n  approvers:\n    L3: [alice, alice]\n`);
    expect(dup).toMatchObject({ code: "invalid-field", line: 7, field: "approvals.approvers.L3[1]" });
  });

  it("bad durations and ladder values", () => {
    expect(errorOf(`${TOOLS}approvals:\n  holdTtl: { L4: 5 minutes }\n`)).toMatchObject({
      code: "invalid-field",
      line: 6,
      field: "approvals.holdTtl.L4",
    });
    expect(errorOf(`${TOOLS}ladder: { initialRung: 3, maxRung: 2 }\n`)).toMatchObject({
      code: "invalid-field",
      line: 5,
      field: "ladder.initialRung",
    });
    expect(errorOf(`${TOOLS}ladder: { promotion: { minApprovalRate: 1.5 } }\n`)).toMatchObject({
      code: "invalid-field",
      field: "ladder.promotion.minApprovalRate",
    });
  });

  it("__proto__ cannot be a name anywhere (zod would drop it silently)", () => {
    expect(errorOf(`${TOOLS}  __proto__: { risk: LOW }\n`)).toMatchObject({
      code: "invalid-field",
      line: 5,
      column: 3,
      field: "tools.__proto__",
    });
    const arg = errorOf(`${TOOLS}  fs.write: { risk: LOW, args: { __proto__: path } }\n`);
    expect(arg).toMatchObject({ code: "invalid-field", line: 5, field: 'tools["fs.write"].args.__proto__' });
  });

  it("a file that is not a mapping", () => {
    expect(errorOf("- a\n- b\n")).toMatchObject({ code: "invalid-field", line: 1 });
  });

  it("a file that cannot be read, and one that is too large", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "lodestar-policy-"));
    try {
      await expect(loadPolicyFile(path.join(dir, "missing.yaml"))).rejects.toMatchObject({
        code: "read-failed",
      });
      const big = path.join(dir, "big.yaml");
      await writeFile(big, `version: 1\n# ${"x".repeat(1024 * 1024)}\n`);
      await expect(loadPolicyFile(big)).rejects.toMatchObject({ code: "too-large", file: big });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("an object policy (no source positions) still names the field", () => {
    expect(() => policyFromObject({ version: 1, tools: { x: { risk: "NOPE" } } })).toThrow(
      /field x|tools\.x\.risk/,
    );
    try {
      policyFromObject({ version: 1, tools: { x: { risk: "NOPE" } } });
    } catch (error) {
      expect(error).toMatchObject({ code: "invalid-field", field: "tools.x.risk", line: undefined });
    }
  });
});
