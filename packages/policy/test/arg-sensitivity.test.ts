import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  argSensitivity,
  BUILT_IN_SECRET_PATTERNS,
  containsSecret,
  hasEnvAssignment,
  PolicyError,
  parsePolicy,
} from "../src/index.ts";
import { loadExample, runs } from "./helpers.ts";

const FILE = "policy.yaml";
const TOOLS = `version: 1
tools:
  fs.write: { risk: MEDIUM, args: { path: path } }
  run: { risk: HIGH }
`;

function errorOf(text: string): PolicyError {
  try {
    parsePolicy(text, { file: FILE });
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return error as PolicyError;
  }
  throw new Error("expected a PolicyError");
}

// One real sample of every built-in shape (documentation examples, not live credentials).
const SAMPLES: Record<string, string> = {
  "stripe-key": "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
  "aws-access-key-id": "AKIAIOSFODNN7EXAMPLE",
  "private-key-block": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\n",
  "authorization-header": "Authorization: Basic dXNlcjpwYXNz",
  "bearer-token": "curl -H 'X: Bearer abcdefgh12345678' x",
  "password-assignment": "db://host?password=hunter2",
  "github-token": "ghp_0123456789abcdefghijABCDEFGHIJ012345",
  "gitlab-token": "glpat-abcdefghij0123456789",
  "slack-token": "xoxb-1234567890-abcdefghij",
  "google-api-key": "AIzaSyA1234567890abcdefghijklmnopqrstuv",
  jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlc2ln",
};

describe("argSensitivity with the shipped example policy", () => {
  it("raises file content, HTTP headers and bodies, process environments and FOO=… commands", async () => {
    const policy = await loadExample();
    expect(argSensitivity(policy, "write_file", { path: "a.txt", content: "hello" })).toEqual({
      content: "confidential",
    });
    expect(
      argSensitivity(policy, "edit_file", { path: "a.txt", edits: [{ oldText: "a", newText: "b" }] }),
    ).toEqual({ edits: "confidential" });
    expect(
      argSensitivity(policy, "http.request", {
        url: "https://x.test/",
        headers: { "X-Trace": "1" },
        body: "{}",
      }),
    ).toEqual({ headers: "confidential", body: "confidential" });
    expect(
      argSensitivity(policy, "shell.exec", { script: "FOO=s3cret printenv FOO", env: { A: "b" } }),
    ).toEqual({
      script: "secret",
      env: "secret",
    });
    expect(argSensitivity(policy, "run_command", { command: "env TOKEN=abc make deploy" })).toEqual({
      command: "secret",
    });
    // What is not sensitive stays in the envelope's own `args` part.
    expect(argSensitivity(policy, "shell.exec", { argv: ["git", "status"], cwd: "." })).toEqual({});
    expect(argSensitivity(policy, "read_file", { path: "README.md" })).toEqual({});
  });

  it("makes anything shaped or named like a credential secret, in any tool and argument", async () => {
    const policy = await loadExample();
    for (const [id, sample] of Object.entries(SAMPLES)) {
      expect({ id, levels: argSensitivity(policy, "search_files", { pattern: sample }) }).toEqual({
        id,
        levels: { pattern: "secret" },
      });
    }
    expect(argSensitivity(policy, "http.request", { headers: { Authorization: "Basic x" } })).toEqual({
      headers: "secret",
    });
    expect(argSensitivity(policy, "login", { user: "ann", password: "x" })).toEqual({ password: "secret" });
    // The policy's own secretPatterns (sk-… and npm_…).
    expect(argSensitivity(policy, "x", { q: "sk-abcdefghijklmnopqrstuvwx" })).toEqual({ q: "secret" });
  });

  it("applies the built-in patterns with no policy at all (the policy failed to load)", () => {
    expect(argSensitivity(undefined, "any", { note: `key ${SAMPLES["aws-access-key-id"]}`, n: 1 })).toEqual({
      note: "secret",
    });
    expect(argSensitivity(undefined, "write_file", { content: "plain" })).toEqual({});
  });

  it("every built-in pattern has a sample here", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(BUILT_IN_SECRET_PATTERNS.map((p) => p.id).sort());
  });
});

describe("the sensitivity section's errors name the file, line and field", () => {
  it("an unknown level", () => {
    const e = errorOf(
      `${TOOLS}sensitivity:\n  args:\n    - { id: c, tool: fs.write, arg: content, level: internal }\n`,
    );
    expect(e).toMatchObject({
      code: "invalid-field",
      file: FILE,
      line: 7,
      field: "sensitivity.args[0].level",
    });
  });

  it("an unknown field (a typo never silently records a secret at internal)", () => {
    const e = errorOf(
      `${TOOLS}sensitivity:\n  args:\n    - { id: c, tool: fs.write, args: content, level: secret }\n`,
    );
    expect(e).toMatchObject({ code: "unknown-field", line: 7, field: "sensitivity.args[0].args" });
  });

  it("a duplicate rule id", () => {
    const e = errorOf(
      `${TOOLS}sensitivity:\n  args:\n    - { id: c, tool: a, level: secret }\n    - { id: c, tool: b, level: secret }\n`,
    );
    expect(e).toMatchObject({ code: "duplicate-rule-id", line: 8, field: "sensitivity.args[1].id" });
  });

  it("a bad glob and a bad regular expression", () => {
    expect(
      errorOf(`${TOOLS}sensitivity:\n  args:\n    - { id: c, tool: "[a", level: secret }\n`),
    ).toMatchObject({
      code: "invalid-pattern",
      line: 7,
      field: "sensitivity.args[0].tool",
    });
    expect(errorOf(`${TOOLS}sensitivity:\n  secretPatterns: ["ok", "(unclosed"]\n`)).toMatchObject({
      code: "invalid-pattern",
      line: 6,
      field: "sensitivity.secretPatterns[1]",
    });
  });
});

describe("properties", () => {
  const json = fc.jsonValue({ maxDepth: 4 });

  it("a credential anywhere inside an argument makes the whole argument secret", () => {
    fc.assert(
      fc.property(
        json,
        fc.constantFrom(...Object.values(SAMPLES)),
        fc.array(fc.constantFrom("a", "b", 0, 1), { maxLength: 4 }),
        (base, secret, path) => {
          const planted = plant(base, path, `x ${secret} y`);
          expect(argSensitivity(undefined, "t", { arg: planted })).toEqual({ arg: "secret" });
        },
      ),
      { numRuns: runs },
    );
  });

  it("never throws on agent input, and only names arguments the call has", async () => {
    const policy = await loadExample();
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.string(), json), (tool, args) => {
        const levels = argSensitivity(policy, tool, args);
        for (const name of Object.keys(levels)) expect(Object.hasOwn(args, name)).toBe(true);
        for (const level of Object.values(levels)) expect(["confidential", "secret"]).toContain(level);
      }),
      { numRuns: runs },
    );
  });

  it("an argument nested deeper than the walk bound is secret (fail closed), never a stack overflow", () => {
    let deep: unknown = "plain";
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(containsSecret(deep)).toBe(true);
    expect(hasEnvAssignment("ls -la")).toBe(false);
    expect(hasEnvAssignment(["env", "A=1", "cmd"])).toBe(true);
    expect(hasEnvAssignment("a && B=2 c")).toBe(true);
  });
});

/** `value` with `leaf` placed at `path` (creating containers where the path leads). */
function plant(value: unknown, path: readonly (string | number)[], leaf: string): unknown {
  if (path.length === 0) return leaf;
  const [key, ...rest] = path;
  if (typeof key === "number") {
    const list = Array.isArray(value) ? [...value] : [];
    list[Math.min(key, list.length)] = plant(list[key], rest, leaf);
    return list;
  }
  const obj = value !== null && typeof value === "object" && !Array.isArray(value) ? { ...value } : {};
  (obj as Record<string, unknown>)[key!] = plant((obj as Record<string, unknown>)[key!], rest, leaf);
  return obj;
}
