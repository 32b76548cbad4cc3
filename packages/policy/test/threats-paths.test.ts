import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Policy } from "../src/index.ts";
import { decideIn, loadExample, makeWorkspace, resolveIn, type Workspace } from "./helpers.ts";

// threats.md: "reach a HIGH tool without approval, via argument tricks: path traversal (`../`),
// symlinks out of the workspace, absolute paths" → classified at the right level or denied.

let policy: Policy;
let ws: Workspace;
beforeAll(async () => {
  policy = await loadExample();
  ws = await makeWorkspace();
});
afterAll(() => ws.cleanup());

describe("path arguments are resolved before any rule sees them", () => {
  it("an edit inside src/ is L1 and runs", async () => {
    const d = await decideIn(policy, ws, "fs.write", { path: "src/a.ts" });
    expect(d).toMatchObject({ verdict: "allow", level: "L1", rule: "source-edits", risk: "LOW" });
    expect(d.reason).toContain('path "src/a.ts" is src/a.ts in the workspace');
  });

  it("../ traversal out of the workspace is denied for writes, with the reason", async () => {
    const d = await decideIn(policy, ws, "fs.write", { path: "../outside/secret.txt" });
    expect(d).toMatchObject({ verdict: "deny", rule: "outside-workspace-write" });
    expect(d.reason).toContain("writing outside the workspace is refused");
    expect(d.reason).toContain("outside the workspace (traversal");
  });

  it("traversal that starts inside a glob (src/../../x) does not ride the src/** rule", async () => {
    const d = await decideIn(policy, ws, "write_file", { path: "src/../../outside/x.ts" });
    expect(d).toMatchObject({ verdict: "deny", rule: "outside-workspace-write" });
  });

  it("traversal that stays inside is fine and is matched after normalisation", async () => {
    const r = await resolveIn(policy, ws, "fs.write", { path: "docs/../src/./a.ts" });
    expect(r.paths[0]).toMatchObject({ inside: true, relative: "src/a.ts", outsideBy: null });
    const d = await decideIn(policy, ws, "fs.write", { path: "docs/../src/./a.ts" });
    expect(d).toMatchObject({ verdict: "allow", level: "L1", rule: "source-edits" });
  });

  it("an absolute path outside is outside (absolute); one inside the workspace is inside", async () => {
    const out = await decideIn(policy, ws, "fs.write", { path: "/etc/passwd" });
    expect(out).toMatchObject({ verdict: "deny", rule: "outside-workspace-write" });
    expect(out.reason).toContain("(absolute");
    const inside = await decideIn(policy, ws, "fs.write", { path: `${ws.root}/src/a.ts` });
    expect(inside).toMatchObject({ verdict: "allow", level: "L1", rule: "source-edits" });
  });

  it("a reading tool outside the workspace holds at L3 instead of running at L0", async () => {
    const d = await decideIn(policy, ws, "fs.read", { path: "../outside/secret.txt" });
    expect(d).toMatchObject({ verdict: "hold", level: "L3", rule: "outside-workspace-read", risk: "HIGH" });
    expect(d.hold).toMatchObject({ ttlMs: 300_000, quorum: 1, selfApproval: false, approverKeys: null });
  });

  it("a symlinked directory leading out is outside (symlink), though the text looks inside", async () => {
    const r = await resolveIn(policy, ws, "fs.write", { path: "link-out/secret.txt" });
    expect(r.paths[0]).toMatchObject({
      inside: false,
      outsideBy: "symlink",
      real: `${ws.outside}/secret.txt`,
      exists: true,
    });
    const d = await decideIn(policy, ws, "fs.write", { path: "link-out/secret.txt" });
    expect(d).toMatchObject({ verdict: "deny", rule: "outside-workspace-write" });
    expect(d.reason).toContain("(symlink");
  });

  it("an absolute symlink inside src/ (src/etc → /etc) does not match src/**", async () => {
    const d = await decideIn(policy, ws, "fs.write", { path: "src/etc/hosts" });
    expect(d).toMatchObject({ verdict: "deny", rule: "outside-workspace-write" });
  });

  it("a dangling symlink is followed to where a write would land", async () => {
    const r = await resolveIn(policy, ws, "fs.write", { path: "src/dangling" });
    expect(r.paths[0]).toMatchObject({
      inside: false,
      outsideBy: "symlink",
      exists: false,
      real: `${ws.outside}/new.txt`,
    });
    const d = await decideIn(policy, ws, "write_file", { path: "src/dangling" });
    expect(d).toMatchObject({ verdict: "deny", rule: "outside-workspace-write" });
  });

  it("`link/..` is resolved the way the kernel does (after following the link), not lexically", async () => {
    // Lexically link-out/../src/a.ts is src/a.ts; the kernel follows link-out first and lands outside.
    const r = await resolveIn(policy, ws, "fs.write", { path: "link-out/../ws-not-here/a.ts" });
    expect(r.paths[0]!.real.startsWith(ws.outside.replace(/outside$/, ""))).toBe(true);
    expect(r.paths[0]).toMatchObject({ inside: false, outsideBy: "symlink" });
    const d = await decideIn(policy, ws, "fs.write", { path: "link-out/../ws-not-here/a.ts" });
    expect(d).toMatchObject({ verdict: "deny", rule: "outside-workspace-write" });
  });

  it("a symlink that stays inside the workspace is matched at its target", async () => {
    const r = await resolveIn(policy, ws, "fs.read", { path: "src/docs-link/readme.md" });
    expect(r.paths[0]).toMatchObject({ inside: true, relative: "docs/readme.md" });
  });

  it("a symlink loop or a NUL byte cannot be classified and is denied", async () => {
    const loop = await decideIn(policy, ws, "fs.read", { path: "loop/x" });
    expect(loop).toMatchObject({ verdict: "deny", rule: "invalid-argument" });
    const nul = await decideIn(policy, ws, "fs.read", { path: "src/a.ts\0../../etc/passwd" });
    expect(nul).toMatchObject({ verdict: "deny", rule: "invalid-argument" });
    expect(nul.reason).toContain("NUL");
  });

  it("one bad path among several decides the call (any), and blocks a lowering rule (all)", async () => {
    const read = await decideIn(policy, ws, "read_multiple_files", {
      paths: ["src/a.ts", "../outside/secret.txt"],
    });
    expect(read).toMatchObject({ verdict: "hold", level: "L3", rule: "outside-workspace-read" });
    const move = await decideIn(policy, ws, "move_file", {
      source: "src/a.ts",
      destination: "../outside/a.ts",
    });
    expect(move).toMatchObject({ verdict: "deny", rule: "outside-workspace-write" });
  });

  it("the shell's working directory is a path too", async () => {
    const d = await decideIn(policy, ws, "shell.exec", { argv: ["ls"], cwd: "../outside" });
    expect(d).toMatchObject({ verdict: "deny", rule: "outside-workspace-write" });
  });

  it("writes into .git are denied even though .git is inside the workspace", async () => {
    const d = await decideIn(policy, ws, "fs.write", { path: ".git/hooks/pre-commit" });
    expect(d).toMatchObject({ verdict: "deny", rule: "git-internals" });
  });

  it("resolved args carry the real path, so the tool opens what was decided", async () => {
    const r = await resolveIn(policy, ws, "fs.write", { path: "docs/../src/a.ts" });
    expect(r.args["path"]).toBe(`${ws.root}/src/a.ts`);
    expect(r.proposed["path"]).toBe("docs/../src/a.ts");
  });

  it("a path argument of the wrong type is denied, not ignored", async () => {
    const d = await decideIn(policy, ws, "fs.write", { path: { toString: "src/a.ts" } });
    expect(d).toMatchObject({ verdict: "deny", rule: "invalid-argument" });
    expect(d.reason).toContain('argument "path"');
  });
});
