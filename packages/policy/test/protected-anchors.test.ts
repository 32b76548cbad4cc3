import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Policy, parsePolicy } from "../src/index.ts";
import { type AnchorWorkspace, decideAnchored, makeAnchorWorkspace } from "./anchor-fixture.ts";
import { EXAMPLE_POLICY, loadExample } from "./helpers.ts";

// threats.md: an agent tries to "reach its own trust anchors — the policy, config, pinned keys, key
// files, session logs, the approvals folder — by any path (relative, absolute, `../`, symlink, move
// source or destination, a shell command naming them) → denied by a built-in rule no policy can
// relax". Issue 9, finding 1: these ran at L2 with no hold.

let policy: Policy;
let ws: AnchorWorkspace;
beforeAll(async () => {
  policy = await loadExample();
  ws = await makeAnchorWorkspace();
});
afterAll(() => ws.cleanup());

const example = () => readFileSync(EXAMPLE_POLICY, "utf8");
const denied = { verdict: "deny", rule: "protected-anchor", mode: "enforce" };

describe("finding 1: the reference filesystem server's tools on the anchors", () => {
  it.each([
    ["write_file", { path: ".lodestar/pinned-keys.json", content: "{}" }],
    ["edit_file", { path: ".lodestar/policy.yaml", edits: [{ oldText: "enforce", newText: "observe" }] }],
    ["move_file", { source: ".lodestar/keys/operator.key", destination: "alice.txt" }],
    ["move_file", { source: "README.md", destination: ".lodestar/sessions/x.ndjson" }],
    ["write_file", { path: ".lodestar/sessions/x.ndjson", content: "{}" }],
    ["read_multiple_files", { paths: ["README.md", ".lodestar/keys/operator.key"] }],
    ["read_file", { path: ".lodestar/config.yaml" }],
    ["create_directory", { path: ".lodestar/approvals/x" }],
    ["list_directory", { path: ".lodestar" }],
  ])("%s %j is denied by the built-in rule", (tool, args) => {
    const d = decideAnchored(policy, ws, tool, args);
    expect(d).toMatchObject(denied);
    expect(d.reason).toContain("trust anchors");
  });

  it("every spelling: ./, a/../, //, absolute, symlink to the home, symlink to the workspace, file://", () => {
    for (const p of [
      "./.lodestar/policy.yaml",
      "src/../.lodestar/policy.yaml",
      "nowhere/../.lodestar/policy.yaml",
      ".lodestar//policy.yaml",
      `${ws.root}/.lodestar/policy.yaml`,
      `${ws.root}//./.lodestar/policy.yaml`,
      "home-link/policy.yaml",
      "ws-link/.lodestar/policy.yaml",
      "src/up/.lodestar/policy.yaml",
      `file://${ws.root}/.lodestar/policy.yaml`,
      ".lodestar",
      ".lodestar/",
    ]) {
      expect(decideAnchored(policy, ws, "write_file", { path: p }), p).toMatchObject(denied);
    }
  });

  it("the key store outside the workspace: absolute and ~/ (servers expand ~)", () => {
    const key = path.join(ws.keyStore, "alice.key");
    expect(decideAnchored(policy, ws, "read_file", { path: key })).toMatchObject(denied);
    expect(
      decideAnchored(policy, ws, "read_file", { path: "~/.local/share/lodestar/keys/alice.key" }),
    ).toMatchObject(denied);
    // Without the rule it was merely an outside read held at L3: an approver could wave it through.
    expect(decideAnchored(policy, ws, "read_file", { path: key }, { anchors: false })).toMatchObject({
      verdict: "hold",
      rule: "outside-workspace-read",
    });
  });

  it("without the anchors the same calls ran (the failing baseline of finding 1)", () => {
    const d = decideAnchored(
      policy,
      ws,
      "write_file",
      { path: ".lodestar/pinned-keys.json" },
      { anchors: false },
    );
    expect(d).toMatchObject({ verdict: "allow", level: "L2" });
  });

  it("an undeclared argument that names an anchor is caught (a tool the policy matches by glob)", () => {
    const d = decideAnchored(policy, ws, "copy_file", { from: ".lodestar/keys/operator.key", to: "x" });
    expect(d).toMatchObject(denied);
    expect(d.reason).toContain('argument "from"');
  });

  it("content that merely mentions the home is not a path to it", () => {
    const d = decideAnchored(policy, ws, "write_file", {
      path: "docs/notes.md",
      content: "Lodestar keeps its policy in .lodestar/policy.yaml.",
    });
    expect(d).toMatchObject({ verdict: "allow", rule: "source-edits" });
  });

  it("moving or deleting a folder that holds the home is denied; listing the workspace is not", () => {
    expect(decideAnchored(policy, ws, "list_directory", { path: "." })).toMatchObject({ verdict: "allow" });
    expect(decideAnchored(policy, ws, "directory_tree", { path: "." })).toMatchObject({ verdict: "allow" });
    expect(decideAnchored(policy, ws, "fs.list", {})).toMatchObject({ verdict: "allow" });
  });
});

describe("no policy relaxes it", () => {
  it("observe mode still denies (decision mode enforce)", async () => {
    const observe = parsePolicy(example().replace("mode: enforce", "mode: observe"));
    expect(observe.mode).toBe("observe");
    const d = decideAnchored(observe, ws, "write_file", { path: ".lodestar/pinned-keys.json" });
    expect(d).toMatchObject(denied);
  });

  it("a rule that lowers .lodestar/** to L0 does not apply", () => {
    const lax = parsePolicy(
      example().replace(
        "rules:\n",
        'rules:\n  - { id: let-me-in, tool: [write_file, read_file], when: { path: { glob: [".lodestar/**"] } }, level: L0 }\n',
      ),
    );
    expect(lax.source.rules[0]?.id).toBe("let-me-in");
    expect(decideAnchored(lax, ws, "write_file", { path: ".lodestar/policy.yaml" })).toMatchObject(denied);
    expect(decideAnchored(lax, ws, "write_file", { path: "src/a.ts" })).toMatchObject({ verdict: "allow" });
  });

  it("a rung of 3 changes nothing", () => {
    const d = decideAnchored(
      policy,
      ws,
      "write_file",
      { path: ".lodestar/policy.yaml" },
      { ctx: { rung: 3 } },
    );
    expect(d).toMatchObject(denied);
  });
});

describe("shell commands that name the anchors", () => {
  const script = (s: string) => decideAnchored(policy, ws, "shell.exec", { script: s, shell: true });
  const argv = (...a: string[]) => decideAnchored(policy, ws, "shell.exec", { argv: a });

  it.each([
    "cat .lodestar/keys/*",
    "cp -r .lodestar x",
    "mv .lodes* y",
    "cat .l?destar/policy.yaml",
    "cat [.]lodestar/policy.yaml",
    "cp .lode{s,x}tar/keys/operator.key x",
    "cat .lodest{a..c}r/config.yaml",
    "cat '.lode''star/policy.yaml'",
    "cat \\.lodestar/policy.yaml",
    "echo '{}' > .lodestar/pinned-keys.json",
    "tee -a .lodestar/sessions/x.ndjson < /dev/null",
    "cd src && cat ../.lodestar/policy.yaml",
    "cat src/up/.lodestar/policy.yaml",
    "cat home-link/policy.yaml",
    "cat ~/.local/share/lodestar/keys/alice.key",
    "cat $HOME/.local/share/lodestar/keys/alice.key",
    "python3 -c \"print(open('.lodestar/keys/operator.key').read())\"",
    "dd if=.lodestar/keys/operator.key of=x",
    "cp .*/keys/operator.key x",
    "tar cf x.tar .[a-z]*",
    "ls; cat $(echo .lodestar)/policy.yaml",
  ])("%s is denied", (s) => {
    expect(script(s)).toMatchObject(denied);
  });

  it("argv commands too (no shell, the program may glob itself)", () => {
    expect(argv("cat", ".lodestar/keys/operator.key")).toMatchObject(denied);
    expect(argv("sh", "-c", "cat .lodes*/keys/*")).toMatchObject(denied);
    expect(argv("cp", "-r", ".lodestar", "x")).toMatchObject(denied);
  });

  it.each([
    "cat $HOME/notes.txt",
    "cat $(printf '\\x2elodestar')/policy.yaml",
    "cat $'\\x2elodestar/policy.yaml'",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, on purpose
    "X=.lode; cat ${X}star/policy.yaml",
    "cp -r . /tmp/copy",
    "cd ~/.local/share/lodestar && cat keys/alice.key",
  ])("%s cannot be proven safe: it holds at L4 under the built-in rule", (s) => {
    expect(script(s)).toMatchObject({
      verdict: "hold",
      level: "L4",
      rule: "protected-anchor",
      mode: "enforce",
    });
  });

  it("commands that name nothing of Lodestar's keep their policy level", () => {
    expect(argv("git", "status")).toMatchObject({ verdict: "allow", rule: "shell-read-only" });
    expect(argv("ls", "src")).toMatchObject({ verdict: "allow", rule: "shell-read-only" });
    expect(argv("pnpm", "test")).toMatchObject({ verdict: "allow", rule: "shell-tests" });
    expect(script("cat *.md | wc -l")).toMatchObject({
      verdict: "hold",
      level: "L3",
      rule: "shell-operators",
    });
  });

  it("a deny rule of the policy still wins over the anchor hold", () => {
    expect(script("sudo cat $HOME/x")).toMatchObject({ verdict: "deny", rule: "shell-never" });
  });
});
