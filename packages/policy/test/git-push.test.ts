import { describe, expect, it } from "vitest";
import { gitPushFromWords } from "../src/git-push.ts";
import { analyzeShell, parseRefspec } from "../src/index.ts";

const pushOf = (command: string) => gitPushFromWords(analyzeShell(command).segments[0]!);

describe("refspecs", () => {
  it.each([
    ["main", "refs/heads/main", "main", false, false],
    ["HEAD:main", "refs/heads/main", "main", false, false],
    ["+main", "refs/heads/main", "main", true, false],
    ["+HEAD:refs/heads/main", "refs/heads/main", "main", true, false],
    [":main", "refs/heads/main", "main", false, true],
    ["refs/heads/release/1", "refs/heads/release/1", "release/1", false, false],
    ["v1:refs/tags/v1", "refs/tags/v1", "v1", false, false],
    ["HEAD:heads/main", "refs/heads/main", "main", false, false],
    ["HEAD:refs//heads/main", "refs/heads/main", "main", false, false],
    ["main@{1}:main", "refs/heads/main", "main", false, false],
  ])("%j → %s", (spec, ref, name, force, deletes) => {
    expect(parseRefspec(spec, false, false)).toEqual({ raw: spec, ref, name, force, delete: deletes });
  });

  it.each(["HEAD", "@", "main~1", "abc1234", "refs/heads/*:refs/heads/*", "main:", "main:HEAD"])(
    "%j has a destination that cannot be known from the text",
    (spec) => {
      expect(parseRefspec(spec, false, false)).toBeNull();
    },
  );
});

describe("git push on the command line", () => {
  it("reads remote, refspecs and flags", () => {
    expect(pushOf("git push -f origin feature:main")).toMatchObject({
      remote: "origin",
      force: true,
      unknownTarget: false,
      targets: [{ ref: "refs/heads/main", force: true }],
    });
  });

  it("options that take a value do not eat refspecs and are not refspecs", () => {
    expect(pushOf("git push -o ci.skip origin main")).toMatchObject({
      remote: "origin",
      targets: [{ name: "main" }],
    });
    expect(pushOf("git push --push-option ci.skip origin main")).toMatchObject({
      remote: "origin",
      targets: [{ name: "main" }],
    });
    expect(pushOf("git -c core.sshCommand=x -C sub push origin main")).toMatchObject({
      remote: "origin",
      targets: [{ name: "main" }],
    });
    expect(pushOf("git push origin -- main")).toMatchObject({ targets: [{ name: "main" }] });
  });

  it("--force-with-lease, --delete, --dry-run, --prune", () => {
    expect(pushOf("git push --force-with-lease=main:abc origin main")).toMatchObject({ force: true });
    expect(pushOf("git push --delete origin feature")).toMatchObject({
      delete: true,
      targets: [{ name: "feature", delete: true }],
    });
    expect(pushOf("git push -n origin main")).toMatchObject({ dryRun: true });
    expect(pushOf("git push --prune origin")).toMatchObject({ delete: true, unknownTarget: true });
  });

  it("expansions make the target unknown", () => {
    const words = analyzeShell("git push origin $BRANCH").segments[0]!;
    expect(gitPushFromWords(words)).toMatchObject({ unknownTarget: true });
  });

  it("other git commands and other programs are not pushes", () => {
    expect(pushOf("git status")).toBeNull();
    expect(pushOf("echo git push origin main")).toBeNull();
    expect(pushOf("/usr/bin/git push origin main")).toMatchObject({ targets: [{ name: "main" }] });
    expect(pushOf("sudo git push origin main")).toMatchObject({ targets: [{ name: "main" }] });
  });
});
