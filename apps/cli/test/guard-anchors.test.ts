import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallOutcome, callTool, startGuarded } from "./support/guarded-client.ts";
import { lodestar, lodestarOk, userEnv } from "./support/lodestar-cli.ts";
import { partValue, readSession } from "./support/session-log.ts";
import { makeWorkspace, type TestWorkspace } from "./support/test-workspace.ts";

// Issue 9, finding 1, through the real binary and the reference filesystem server: an agent
// rewriting its own trust anchors (pinned keys, policy, key files, session logs). threats.md: "reach
// its own trust anchors … by any path (relative, absolute, `../`, symlink, move source or
// destination, a shell command naming them) → denied by a built-in rule no policy can relax".
// Each call must be denied by the rule `protected-anchor`, never reach the server, and leave every
// anchor byte-for-byte as it was; the log must show no outcome for any of them.

// Each test starts several real processes (the CLI under tsx, MCP servers): generous timeouts.
const SLOW = 180_000;
let ws: TestWorkspace;
let before: Map<string, string>;

/** Digest of every file of the home and of the key store, and the list of session logs. */
async function anchorState(): Promise<Map<string, string>> {
  const state = new Map<string, string>();
  const walk = async (dir: string, label: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path, `${label}/${entry.name}`);
      else if (!(label.endsWith("/sessions") && entry.name.startsWith("anchors-")))
        state.set(
          `${label}/${entry.name}`,
          createHash("sha256")
            .update(await readFile(path))
            .digest("hex"),
        );
    }
  };
  await walk(ws.home, ".lodestar");
  await walk(ws.keyStore, "key-store");
  return state;
}

function expectAnchorDeny(call: CallOutcome): void {
  expect(call.result.isError).toBe(true);
  expect(call.lodestar).toMatchObject({ verdict: "deny", rule: "protected-anchor", code: "denied" });
  expect(call.text).toContain("protected-anchor");
}

beforeAll(async () => {
  ws = await makeWorkspace();
  // A symlink into the home that was already there (agents cannot make one: `ln -s` names it).
  await symlink(".lodestar", join(ws.dir, "home-link"));
  before = await anchorState();
}, SLOW);
afterAll(() => ws?.remove());

describe("the reference filesystem server under `lodestar run`: finding 1's attacks", () => {
  const session = "anchors-fs";
  const attacks: [string, string, Record<string, unknown>][] = [
    ["pin the agent's own key", "write_file", { path: ".lodestar/pinned-keys.json", content: '{"keys":[]}' }],
    [
      "switch the policy to observe",
      "edit_file",
      { path: ".lodestar/policy.yaml", edits: [{ oldText: "mode: enforce", newText: "mode: observe" }] },
    ],
    [
      "take the operator key",
      "move_file",
      { source: ".lodestar/keys/operator.key", destination: "alice.txt" },
    ],
    ["plant a session log", "write_file", { path: ".lodestar/sessions/x.ndjson", content: "{}\n" }],
    ["plant it by moving", "move_file", { source: "README.md", destination: ".lodestar/sessions/x.ndjson" }],
    ["through a symlink", "write_file", { path: "home-link/pinned-keys.json", content: "{}" }],
    ["through ../", "write_file", { path: "src/../.lodestar/policy.yaml", content: "version: 1" }],
    ["by absolute path", "edit_file", { path: "", edits: [{ oldText: "enforce", newText: "observe" }] }],
    ["one path of many", "read_multiple_files", { paths: ["README.md", ".lodestar/keys/operator.key"] }],
    ["read the config", "read_text_file", { path: "./.lodestar//config.yaml" }],
  ];

  it(
    "every attack is denied by protected-anchor and never reaches the server",
    async () => {
      const abs = attacks.find(([name]) => name === "by absolute path")!;
      abs[2].path = join(ws.dir, ".lodestar", "policy.yaml");
      const guard = await startGuarded(ws, { session });
      try {
        for (const [name, tool, args] of attacks) {
          const call = await callTool(guard.client, tool, args);
          expect.soft(call.lodestar, name).toMatchObject({ rule: "protected-anchor" });
          expectAnchorDeny(call);
        }
        // The approver key store lives outside the workspace: the server could not reach it anyway,
        // and the guard denies it by name before the server is asked.
        const key = await callTool(guard.client, "read_text_file", { path: join(ws.keyStore, "alice.key") });
        expectAnchorDeny(key);
        expect(key.text).not.toContain("secretKey");
        // A call that reaches nothing of Lodestar's still runs.
        const readme = await callTool(guard.client, "read_text_file", { path: "README.md" });
        expect(readme.lodestar).toMatchObject({ verdict: "allow" });
      } finally {
        await guard.close();
        await guard.exited;
      }
      expect(await anchorState()).toEqual(before);
      expect(existsSync(join(ws.dir, "alice.txt"))).toBe(false);
      expect(existsSync(join(ws.dir, "README.md"))).toBe(true);

      // Read back: one deny per attack, rule protected-anchor, and the only outcome is the README read.
      const log = await readSession(ws.sessionFile(session));
      const decisions = log.filter((e) => e.kind === "decision");
      expect(decisions.map((d) => [partValue(d, "verdict"), partValue(d, "rule")])).toEqual([
        ...attacks.map(() => ["deny", "protected-anchor"]),
        ["deny", "protected-anchor"],
        ["allow", "tool:read_text_file"],
      ]);
      expect(log.filter((e) => e.kind === "outcome")).toHaveLength(1);
      expect((await lodestar(["verify", session], { cwd: ws.dir })).status).toBe(0);
    },
    SLOW,
  );

  it(
    "`lodestar policy explain` shows the deny and its rule id",
    async () => {
      const human = await lodestarOk(
        ["policy", "explain", "--tool", "write_file", "--args", '{"path":".lodestar/pinned-keys.json"}'],
        { cwd: ws.dir },
      );
      expect(human).toMatch(/^DENY {2}write_file .* rule protected-anchor/);
      const json = JSON.parse(
        await lodestarOk(
          [
            "policy",
            "explain",
            "--tool",
            "move_file",
            "--args",
            '{"source":"README.md","destination":".lodestar/keys/x.key"}',
            "--json",
          ],
          { cwd: ws.dir },
        ),
      ) as Record<string, unknown>;
      expect(json).toMatchObject({ verdict: "deny", rule: "protected-anchor", mode: "enforce" });
      expect(String(json.reason)).toContain('argument "destination"');
    },
    SLOW,
  );
});

describe("Lodestar's governed shell tool (`lodestar tools`) under `lodestar run`", () => {
  it(
    "commands that name the home are denied and do not run; an ordinary one does",
    async () => {
      const session = "anchors-shell";
      const guard = await startGuarded(ws, {
        session,
        server: { kind: "governed" },
        runFlags: ["--allow-high"],
      });
      try {
        // First: every deny below demotes the agent on the trust ladder (denials are evidence).
        const ls = await callTool(guard.client, "shell.exec", { argv: ["ls", "src"] });
        expect(ls.lodestar).toMatchObject({ verdict: "allow" });
        expect(ls.text).toContain("total.ts");
        for (const argv of [
          ["cat", ".lodestar/keys/*"],
          ["sh", "-c", "cat .lodestar/keys/*"],
          ["cp", "-r", ".lodestar", "x"],
          ["mv", ".lodes*", "y"],
          ["sh", "-c", "mv .lodes* y"],
          ["sh", "-c", "cp .l?destar/pinned-keys.json z"],
        ]) {
          const call = await callTool(guard.client, "shell.exec", { argv });
          expect.soft(call.lodestar, argv.join(" ")).toMatchObject({ rule: "protected-anchor" });
          expectAnchorDeny(call);
        }
      } finally {
        await guard.close();
        await guard.exited;
      }
      expect(await anchorState()).toEqual(before);
      for (const made of ["x", "y", "z"]) expect(existsSync(join(ws.dir, made))).toBe(false);
      const log = await readSession(ws.sessionFile(session));
      expect(log.filter((e) => e.kind === "outcome")).toHaveLength(1);
    },
    SLOW,
  );
});

describe("lodestar init and keys gen keep approver keys out of the workspace", () => {
  it(
    "init warns (stderr and --json) when the home is inside the workspace, and records the key store",
    async () => {
      const { mkdtemp, realpath, rm } = await import("node:fs/promises");
      const { tmpdir } = await import("node:os");
      const dir = await realpath(await mkdtemp(join(tmpdir(), "lodestar-anchors-init-")));
      try {
        const keyStore = join(dir, "store");
        const project = join(dir, "project");
        const { mkdir } = await import("node:fs/promises");
        await mkdir(project);
        const inside = await lodestar(["init", "--json"], {
          cwd: project,
          env: userEnv({ LODESTAR_KEY_STORE: keyStore }),
        });
        expect(inside.status).toBe(0);
        expect(inside.stderr).toContain("warning: the Lodestar folder");
        const result = JSON.parse(inside.stdout) as Record<string, unknown>;
        expect(result).toMatchObject({ homeInWorkspace: true, keyStore, workspace: project });
        expect(result.warnings).toEqual([expect.objectContaining({ code: "home-in-workspace" })]);
        const gen = JSON.parse(
          await lodestarOk(["keys", "gen", "--name", "bob", "--approver", "--json"], { cwd: project }),
        ) as { file: string };
        expect(gen.file).toBe(join(keyStore, "bob.key"));
        expect(existsSync(join(project, ".lodestar", "keys", "bob.key"))).toBe(false);
        const { stat } = await import("node:fs/promises");
        expect((await stat(keyStore)).mode & 0o777).toBe(0o700);
        expect((await stat(gen.file)).mode & 0o777).toBe(0o600);

        // A home outside the workspace: no warning.
        const other = join(dir, "other");
        await mkdir(other);
        const outside = await lodestar(["init", "--json"], {
          cwd: other,
          env: userEnv({ LODESTAR_HOME: join(dir, "home-outside"), LODESTAR_KEY_STORE: keyStore }),
        });
        expect(outside.status).toBe(0);
        expect(outside.stderr).not.toContain("warning");
        expect(JSON.parse(outside.stdout)).toMatchObject({
          homeInWorkspace: false,
          warnings: [],
          workspace: other,
        });

        // A key store inside the workspace is refused outright.
        const third = join(dir, "third");
        await mkdir(third);
        const refused = await lodestar(["init"], {
          cwd: third,
          env: userEnv({ LODESTAR_KEY_STORE: join(third, "keys") }),
        });
        expect(refused.status).toBe(2);
        expect(refused.stderr).toContain("is inside the workspace");
        expect(existsSync(join(third, ".lodestar"))).toBe(false);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    SLOW,
  );
});
