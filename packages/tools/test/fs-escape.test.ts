import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTools } from "../src/index.ts";
import { expectToolError, sandbox, testEnv, tool } from "./helpers.ts";

// One test per escape trick an agent can try against the fs tools (threats.md: path traversal,
// symlinks out of the workspace, absolute paths). Each asserts the refusal code AND that the file
// outside was neither read nor changed.
function setup() {
  const box = sandbox();
  writeFileSync(join(box.outside, "secret.txt"), "SECRET");
  mkdirSync(join(box.outside, "dir"));
  writeFileSync(join(box.outside, "dir", "inner.txt"), "SECRET-INNER");
  writeFileSync(join(box.ws, "hello.txt"), "hello");
  const tools = createTools({ workspace: box.ws, env: testEnv(box.base) });
  return {
    ...box,
    tools,
    read: tool(tools, "fs.read"),
    write: tool(tools, "fs.write"),
    list: tool(tools, "fs.list"),
    del: tool(tools, "fs.delete"),
  };
}

describe("fs tools refuse to leave the workspace", () => {
  it("reads a normal file", async () => {
    const { read } = setup();
    await expect(read.run({ path: "hello.txt" })).resolves.toMatchObject({
      path: "hello.txt",
      content: "hello",
      size: 5,
    });
  });

  it("refuses ../ traversal", async () => {
    const { read, write, del, outside } = setup();
    await expectToolError(read.run({ path: "../outside/secret.txt" }), "outside-workspace");
    await expectToolError(write.run({ path: "../outside/secret.txt", content: "x" }), "outside-workspace");
    await expectToolError(del.run({ path: "../outside/secret.txt" }), "outside-workspace");
    await expectToolError(read.run({ path: "sub/../../outside/secret.txt" }), "outside-workspace");
    expect(readFileSync(join(outside, "secret.txt"), "utf8")).toBe("SECRET");
  });

  it("refuses .. even when it would stay inside (link/.. resolves differently)", async () => {
    const { read } = setup();
    await expectToolError(read.run({ path: "a/../hello.txt" }), "invalid-path");
  });

  it("refuses absolute paths outside, accepts absolute paths inside", async () => {
    const { read, write, list, ws, outside } = setup();
    await expectToolError(read.run({ path: join(outside, "secret.txt") }), "outside-workspace");
    await expectToolError(read.run({ path: "/etc/passwd" }), "outside-workspace");
    await expectToolError(list.run({ path: "/" }), "outside-workspace");
    await expectToolError(write.run({ path: join(outside, "new.txt"), content: "x" }), "outside-workspace");
    // A sibling whose name shares the workspace prefix is outside too (`/tmp/ws` vs `/tmp/ws-evil`).
    await expectToolError(read.run({ path: `${ws}-evil/x` }), "outside-workspace");
    await expect(read.run({ path: join(ws, "hello.txt") })).resolves.toMatchObject({ content: "hello" });
  });

  it("refuses a NUL byte", async () => {
    const { read, write } = setup();
    await expectToolError(read.run({ path: "hello.txt\0../../outside/secret.txt" }), "invalid-path");
    await expectToolError(write.run({ path: "x\0y", content: "x" }), "invalid-path");
  });

  it("refuses a symlink to a file outside (read, write, list)", async () => {
    const { read, write, ws, outside } = setup();
    symlinkSync(join(outside, "secret.txt"), join(ws, "link.txt"));
    await expectToolError(read.run({ path: "link.txt" }), "symlink-escape");
    await expectToolError(write.run({ path: "link.txt", content: "pwned" }), "symlink-escape");
    await expectToolError(
      write.run({ path: "link.txt", content: "pwned", mode: "append" }),
      "symlink-escape",
    );
    expect(readFileSync(join(outside, "secret.txt"), "utf8")).toBe("SECRET");
  });

  it("refuses a symlink to a directory outside (read through it, list it, write into it)", async () => {
    const { read, write, list, ws, outside } = setup();
    symlinkSync(join(outside, "dir"), join(ws, "linkdir"));
    await expectToolError(read.run({ path: "linkdir/inner.txt" }), "symlink-escape");
    await expectToolError(list.run({ path: "linkdir" }), "symlink-escape");
    await expectToolError(write.run({ path: "linkdir/new.txt", content: "pwned" }), "symlink-escape");
    await expectToolError(
      write.run({ path: "linkdir/deeper/new.txt", content: "x", createDirs: true }),
      "symlink-escape",
    );
    expect(readFileSync(join(outside, "dir", "inner.txt"), "utf8")).toBe("SECRET-INNER");
    expect(() => readFileSync(join(outside, "dir", "new.txt"))).toThrow(/ENOENT/);
  });

  it("reads through a symlink that stays inside, but never writes through one", async () => {
    const { read, write, ws } = setup();
    symlinkSync("hello.txt", join(ws, "alias.txt"));
    await expect(read.run({ path: "alias.txt" })).resolves.toMatchObject({ content: "hello" });
    await expectToolError(write.run({ path: "alias.txt", content: "changed" }), "symlink-refused");
    expect(readFileSync(join(ws, "hello.txt"), "utf8")).toBe("hello");
  });

  it("refuses a dangling symlink planted to create a file outside", async () => {
    const { write, ws, outside } = setup();
    symlinkSync(join(outside, "created-by-agent.txt"), join(ws, "dangling.txt"));
    await expectToolError(write.run({ path: "dangling.txt", content: "x" }), "symlink-refused");
    await expectToolError(
      write.run({ path: "dangling.txt", content: "x", mode: "create" }),
      "already-exists",
    );
    expect(() => readFileSync(join(outside, "created-by-agent.txt"))).toThrow(/ENOENT/);
  });

  it("refuses writing to a file hard-linked from outside", async () => {
    const { write, ws, outside } = setup();
    linkSync(join(outside, "secret.txt"), join(ws, "hard.txt"));
    await expectToolError(write.run({ path: "hard.txt", content: "pwned" }), "hardlink-refused");
    expect(readFileSync(join(outside, "secret.txt"), "utf8")).toBe("SECRET");
  });

  it("deleting a symlink to outside removes the link, never the target", async () => {
    const { del, ws, outside } = setup();
    symlinkSync(join(outside, "secret.txt"), join(ws, "link.txt"));
    symlinkSync(join(outside, "dir"), join(ws, "linkdir"));
    await expect(del.run({ path: "link.txt" })).resolves.toMatchObject({ type: "symlink", removed: 1 });
    await expect(del.run({ path: "linkdir", recursive: true })).resolves.toMatchObject({ type: "symlink" });
    await expectToolError(del.run({ path: "linkdir" }), "not-found");
    expect(readFileSync(join(outside, "secret.txt"), "utf8")).toBe("SECRET");
    expect(readFileSync(join(outside, "dir", "inner.txt"), "utf8")).toBe("SECRET-INNER");
  });

  it("refuses deleting through a symlinked directory", async () => {
    const { del, ws, outside } = setup();
    symlinkSync(join(outside, "dir"), join(ws, "linkdir"));
    await expectToolError(del.run({ path: "linkdir/inner.txt" }), "symlink-escape");
    expect(readFileSync(join(outside, "dir", "inner.txt"), "utf8")).toBe("SECRET-INNER");
  });

  it("recursive delete does not follow symlinks inside the tree", async () => {
    const { del, ws, outside } = setup();
    mkdirSync(join(ws, "tree", "sub"), { recursive: true });
    writeFileSync(join(ws, "tree", "sub", "a.txt"), "a");
    symlinkSync(join(outside, "dir"), join(ws, "tree", "sub", "out"));
    await expect(del.run({ path: "tree", recursive: true })).resolves.toMatchObject({
      type: "directory",
      removed: 4,
    });
    expect(readFileSync(join(outside, "dir", "inner.txt"), "utf8")).toBe("SECRET-INNER");
  });

  it("refuses the workspace root as a delete or write target", async () => {
    const { del, write, ws } = setup();
    await expectToolError(del.run({ path: ".", recursive: true }), "invalid-path");
    await expectToolError(del.run({ path: ws, recursive: true }), "invalid-path");
    await expectToolError(write.run({ path: "", content: "x" }), "invalid-path");
  });
});
