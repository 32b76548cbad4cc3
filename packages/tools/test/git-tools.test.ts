import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTools } from "../src/index.ts";
import { gitSandbox, markerScript } from "./git-helpers.ts";
import { expectToolError, git, testEnv, tool } from "./helpers.ts";

describe("git.status, git.diff, git.commit", () => {
  it("reports branch and changes", async () => {
    const { status, ws } = gitSandbox();
    writeFileSync(join(ws, "README.md"), "changed\n");
    writeFileSync(join(ws, "new file.txt"), "n\n");
    writeFileSync(join(ws, "staged.txt"), "s\n");
    git(ws, "add", "staged.txt");
    const result = await status.run({});
    expect(result).toMatchObject({ branch: "main", detached: false, upstream: null });
    expect(result.entries).toEqual(
      expect.arrayContaining([
        { path: "README.md", index: ".", worktree: "M" },
        { path: "staged.txt", index: "A", worktree: "." },
        { path: "new file.txt", index: "?", worktree: "?" },
      ]),
    );
    expect((result.entries as unknown[]).length).toBe(3);
  });

  it("diffs the worktree, the index, a base revision and selected paths", async () => {
    const { diff, ws } = gitSandbox();
    writeFileSync(join(ws, "README.md"), "changed\n");
    writeFileSync(join(ws, "b.txt"), "b\n");
    git(ws, "add", "b.txt");
    const worktree = await diff.run({});
    expect(worktree.diff).toContain("+changed");
    expect(worktree.diff).not.toContain("b.txt");
    expect((await diff.run({ staged: true })).diff).toContain("+++ b/b.txt");
    expect((await diff.run({ base: "HEAD", paths: ["b.txt"] })).diff).toContain("+b");
    expect((await diff.run({ base: "HEAD", paths: ["README.md"] })).diff).not.toContain("b.txt");
    expect((await diff.run({ stat: true })).diff).toMatch(/README\.md \| 2/);
  });

  it("commits the given paths and returns the commit id", async () => {
    const { commit, ws } = gitSandbox();
    writeFileSync(join(ws, "a.txt"), "a\n");
    const result = await commit.run({ message: "add a", paths: ["a.txt"] });
    expect(result.commit).toBe(git(ws, "rev-parse", "HEAD"));
    expect(result).toMatchObject({ branch: "main", summary: "add a" });
    expect(git(ws, "show", "--name-only", "--format=%s", "HEAD")).toBe("add a\n\na.txt");
  });

  it("takes an option-looking message literally", async () => {
    const { commit, ws } = gitSandbox();
    writeFileSync(join(ws, "a.txt"), "a\n");
    await commit.run({ message: "--amend", paths: ["a.txt"] });
    expect(git(ws, "log", "--format=%s")).toBe("--amend\ninitial");
  });

  it("refuses git paths outside the workspace or inside .git", async () => {
    const { commit, diff } = gitSandbox();
    await expectToolError(commit.run({ message: "m", paths: ["../outside"] }), "outside-workspace");
    await expectToolError(commit.run({ message: "m", paths: [".git/config"] }), "protected-path");
    await expectToolError(diff.run({ paths: ["/etc/passwd"] }), "outside-workspace");
  });

  it("does not find an enclosing repository above the workspace", async () => {
    const { ws, base } = gitSandbox();
    mkdirSync(join(ws, "sub"));
    const inner = createTools({ workspace: join(ws, "sub"), env: testEnv(base) });
    await expectToolError(tool(inner, "git.status").run({}), "not-a-repository");
  });
});

describe("git hook and option injection", () => {
  it("never runs hooks, even from a planted hooks dir or core.hooksPath", async () => {
    const { commit, ws, base } = gitSandbox();
    const marker = join(base, "hook-ran");
    markerScript(join(ws, ".git", "hooks", "pre-commit"), marker);
    markerScript(join(ws, "evil-hooks", "post-commit"), marker);
    git(ws, "config", "core.hooksPath", join(ws, "evil-hooks"));
    // Precondition: plain git really runs the planted hook, so the threat is real.
    git(ws, "commit", "-q", "--allow-empty", "-m", "plain");
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    writeFileSync(join(ws, "a.txt"), "a\n");
    await commit.run({ message: "governed", paths: ["a.txt"] });
    expect(existsSync(marker)).toBe(false);
  });

  it("never runs core.fsmonitor from repository config", async () => {
    const { status, diff, ws, base } = gitSandbox();
    const marker = join(base, "fsmonitor-ran");
    git(ws, "config", "core.fsmonitor", markerScript(join(base, "fsmonitor.sh"), marker));
    git(ws, "status");
    expect(existsSync(marker)).toBe(true); // precondition: plain git runs it
    rmSync(marker);
    await status.run({});
    await diff.run({});
    expect(existsSync(marker)).toBe(false);
  });

  it("never runs an external diff driver from repository config", async () => {
    const { diff, ws, base } = gitSandbox();
    const marker = join(base, "extdiff-ran");
    git(ws, "config", "diff.external", markerScript(join(base, "extdiff.sh"), marker));
    writeFileSync(join(ws, "README.md"), "changed\n");
    git(ws, "diff");
    expect(existsSync(marker)).toBe(true); // precondition: plain git runs it
    rmSync(marker);
    await diff.run({});
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses a revision that is an option (--output=<file> would write outside)", async () => {
    const { diff, outside } = gitSandbox();
    const target = join(outside, "written-by-git");
    await expectToolError(diff.run({ base: `--output=${target}` }), "invalid-revision");
    await expectToolError(diff.run({ base: "-p" }), "invalid-revision");
    expect(existsSync(target)).toBe(false);
  });

  it("passes option-looking paths after -- as literal paths", async () => {
    const { diff, ws } = gitSandbox();
    const result = await diff.run({ paths: ["--output=pwned"] });
    expect(result.diff).toBe("");
    expect(existsSync(join(ws, "pwned"))).toBe(false);
  });

  it("rejects unknown argument keys, so no -c or --exec-path can be smuggled in", async () => {
    const { status, push, commit } = gitSandbox();
    await expectToolError(status.run({ "-c": "core.hooksPath=/tmp" }), "invalid-argument");
    await expectToolError(push.run({ remote: "origin", uploadPack: "touch /tmp/x" }), "invalid-argument");
    await expectToolError(
      commit.run({ message: "m", config: { "core.hooksPath": "/tmp" } }),
      "invalid-argument",
    );
  });
});
