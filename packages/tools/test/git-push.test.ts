import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyPushRefs, parsePushRefspec } from "../src/index.ts";
import { gitSandbox, markerScript } from "./git-helpers.ts";
import { expectToolError, git } from "./helpers.ts";

/** A repo on branch `feature`, one commit ahead of main, with a tag v1 on main. */
function featureSandbox() {
  const box = gitSandbox();
  git(box.ws, "tag", "v1");
  git(box.ws, "checkout", "-q", "-b", "feature");
  writeFileSync(join(box.ws, "f.txt"), "f\n");
  git(box.ws, "add", "f.txt");
  git(box.ws, "commit", "-q", "-m", "feature work");
  const classify = (args: unknown) => classifyPushRefs(args, { workspace: box.ws, env: box.env });
  return { ...box, classify };
}

describe("classifyPushRefs resolves what a push would update", () => {
  it("no refspec: the current branch, to the same name", async () => {
    const { classify } = featureSandbox();
    const plan = await classify({});
    expect(plan.remote).toBe("origin");
    expect(plan.refs).toEqual([
      {
        refspec: "refs/heads/feature:refs/heads/feature",
        source: "refs/heads/feature",
        destination: "refs/heads/feature",
        branch: "feature",
        force: false,
        delete: false,
      },
    ]);
  });

  it("HEAD:main targets main (a protected branch for policy)", async () => {
    const { classify } = featureSandbox();
    const [ref] = (await classify({ refspecs: ["HEAD:main"] })).refs;
    expect(ref).toMatchObject({
      source: "refs/heads/feature",
      destination: "refs/heads/main",
      branch: "main",
    });
    expect(ref?.refspec).toBe("refs/heads/feature:refs/heads/main");
  });

  it("+main is a forced update of main", async () => {
    const { classify } = featureSandbox();
    const [ref] = (await classify({ refspecs: ["+main"] })).refs;
    expect(ref).toMatchObject({
      destination: "refs/heads/main",
      force: true,
      refspec: "+refs/heads/main:refs/heads/main",
    });
  });

  it(":main deletes main", async () => {
    const { classify } = featureSandbox();
    const [ref] = (await classify({ refspecs: [":main"] })).refs;
    expect(ref).toMatchObject({ source: null, destination: "refs/heads/main", branch: "main", delete: true });
  });

  it("refs/heads/main and feature:refs/heads/main both target main", async () => {
    const { classify } = featureSandbox();
    const plan = await classify({ refspecs: ["refs/heads/main", "feature:refs/heads/main"] });
    expect(plan.refs.map((r) => r.destination)).toEqual(["refs/heads/main", "refs/heads/main"]);
  });

  it("tags stay tags; a commit expression is pinned to its id", async () => {
    const { classify, ws } = featureSandbox();
    const plan = await classify({ refspecs: ["v1", "HEAD~1:release"], force: true });
    expect(plan.refs[0]).toMatchObject({
      source: "refs/tags/v1",
      destination: "refs/tags/v1",
      branch: null,
      force: true,
    });
    expect(plan.refs[1]).toMatchObject({
      source: git(ws, "rev-parse", "main"),
      destination: "refs/heads/release",
      force: true,
    });
  });

  it("reports the remote URL without credentials", async () => {
    const { classify, ws } = featureSandbox();
    git(ws, "remote", "set-url", "--push", "origin", "https://user:token@git.example.com/repo.git");
    const plan = await classify({ refspecs: ["feature"] });
    expect(plan.remoteUrl).toBe("https://git.example.com/repo.git");
  });

  it("refuses refspecs it cannot classify exactly", async () => {
    const { classify } = featureSandbox();
    for (const spec of [
      "refs/heads/*:refs/heads/*", // wildcard: could hit any branch
      "^main", // negative refspec
      ":", // matching: every branch that exists on both sides
      "+:",
      "--mirror",
      "--receive-pack=touch /tmp/pwned",
      "main:--upload-pack=x",
      "a:b:c",
      "main:refs/heads/../x",
      "main:refs/heads/x.lock",
      "no-such-branch",
      "HEAD~1", // a commit id needs an explicit destination
    ]) {
      await expectToolError(classify({ refspecs: [spec] }), "invalid-refspec");
    }
  });

  it("refuses remotes that are URLs, options, paths or not configured", async () => {
    const { classify, outside } = featureSandbox();
    for (const remote of [
      "https://evil.example/repo.git",
      "--upload-pack=touch /tmp/x",
      "../other",
      outside,
      "nope",
    ]) {
      await expectToolError(classify({ remote }), "invalid-remote");
    }
  });

  it("parsePushRefspec is a pure syntactic parse", () => {
    expect(parsePushRefspec("+HEAD:main")).toEqual({
      refspec: "+HEAD:main",
      force: true,
      source: "HEAD",
      destination: "main",
      delete: false,
    });
    expect(parsePushRefspec(":gone")).toMatchObject({ source: null, destination: "gone", delete: true });
  });
});

describe("git.push pushes exactly what was classified", () => {
  it("HEAD:main from feature updates main on the remote", async () => {
    const { push, bare, ws, classify } = featureSandbox();
    const plan = await classify({ refspecs: ["HEAD:main"] });
    const result = await push.run({ refspecs: ["HEAD:main"] });
    expect(result.refs).toEqual(plan.refs);
    expect(git(bare, "rev-parse", "refs/heads/main")).toBe(git(ws, "rev-parse", "feature"));
    expect(result.output).toContain("refs/heads/feature:refs/heads/main");
  });

  it("no refspec pushes the current branch only; :branch deletes", async () => {
    const { push, bare, ws } = featureSandbox();
    await push.run({});
    expect(git(bare, "rev-parse", "refs/heads/feature")).toBe(git(ws, "rev-parse", "feature"));
    expect(git(bare, "rev-parse", "refs/heads/main")).toBe(git(ws, "rev-parse", "main"));
    await push.run({ refspecs: [":feature"] });
    expect(git(bare, "branch", "--list", "feature")).toBe("");
  });

  it("a non-fast-forward is rejected unless forced", async () => {
    const { push, bare, ws } = featureSandbox();
    await push.run({ refspecs: ["HEAD:main"] });
    await expectToolError(push.run({ refspecs: ["v1:refs/heads/main"] }), "git-failed");
    await push.run({ refspecs: ["+v1:refs/heads/main"] });
    expect(git(bare, "rev-parse", "refs/heads/main")).toBe(git(ws, "rev-parse", "v1^{commit}"));
  });

  it("never runs a pre-push hook", async () => {
    const { push, ws, base } = featureSandbox();
    const marker = join(base, "pre-push-ran");
    markerScript(join(ws, ".git", "hooks", "pre-push"), marker);
    await push.run({ refspecs: ["feature"] });
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses the ext:: transport even if a remote is configured with it", async () => {
    const { push, ws, base } = featureSandbox();
    const marker = join(base, "ext-ran");
    git(ws, "remote", "add", "evil", `ext::sh -c touch% ${marker}`);
    git(ws, "config", "protocol.ext.allow", "always"); // as if the repo config had been tampered with
    // Precondition: plain git runs the ext:: command, so the threat is real.
    try {
      git(ws, "push", "evil", "feature");
    } catch {
      // the fake transport speaks no git protocol; only the marker matters
    }
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    await expectToolError(push.run({ remote: "evil", refspecs: ["feature"] }), "git-failed");
    expect(existsSync(marker)).toBe(false);
  });
});
