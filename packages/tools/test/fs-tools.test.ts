import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTools } from "../src/index.ts";
import { expectToolError, sandbox, testEnv, tool } from "./helpers.ts";

function setup(
  fs: {
    maxReadBytes?: number;
    maxWriteBytes?: number;
    maxListEntries?: number;
    maxDeleteEntries?: number;
  } = {},
) {
  const box = sandbox();
  const tools = createTools({ workspace: box.ws, env: testEnv(box.base), fs });
  return {
    ...box,
    read: tool(tools, "fs.read"),
    write: tool(tools, "fs.write"),
    list: tool(tools, "fs.list"),
    del: tool(tools, "fs.delete"),
  };
}

describe("fs.read", () => {
  it("enforces the size limit with a clear error, and the per-call maxBytes", async () => {
    const { read, ws } = setup({ maxReadBytes: 16 });
    writeFileSync(join(ws, "small.txt"), "0123456789abcdef");
    writeFileSync(join(ws, "big.txt"), "0123456789abcdefX");
    await expect(read.run({ path: "small.txt" })).resolves.toMatchObject({ size: 16 });
    const error = await expectToolError(read.run({ path: "big.txt" }), "too-large");
    expect(error.message).toMatch(/larger than the read limit of 16 bytes/);
    await expectToolError(read.run({ path: "small.txt", maxBytes: 8 }), "too-large");
  });

  it("defaults to a 10 MiB limit", async () => {
    const { read, ws } = setup();
    writeFileSync(join(ws, "huge.bin"), Buffer.alloc(10 * 1024 * 1024 + 1));
    await expectToolError(read.run({ path: "huge.bin" }), "too-large");
  });

  it("returns base64 for binary content", async () => {
    const { read, ws } = setup();
    writeFileSync(join(ws, "bin"), Buffer.from([0, 255, 1]));
    await expect(read.run({ path: "bin", encoding: "base64" })).resolves.toMatchObject({
      content: "AP8B",
      size: 3,
    });
  });

  it("refuses directories and FIFOs without blocking", async () => {
    const { read, ws } = setup();
    mkdirSync(join(ws, "d"));
    execFileSync("mkfifo", [join(ws, "pipe")]);
    await expectToolError(read.run({ path: "d" }), "not-a-file");
    await expectToolError(read.run({ path: "pipe" }), "not-a-file");
  });

  it("refuses a symlink to a device outside", async () => {
    const { read, ws } = setup();
    symlinkSync("/dev/zero", join(ws, "zero"));
    await expectToolError(read.run({ path: "zero" }), "symlink-escape");
  });

  it("reports a missing file as not-found", async () => {
    const { read } = setup();
    await expectToolError(read.run({ path: "nope.txt" }), "not-found");
  });

  it("rejects unknown argument keys instead of ignoring them", async () => {
    const { read, ws } = setup();
    writeFileSync(join(ws, "a.txt"), "a");
    const error = await expectToolError(
      read.run({ path: "a.txt", followSymlinks: true }),
      "invalid-argument",
    );
    expect(error.message).toMatch(/followSymlinks/);
  });
});

describe("protected paths (.git)", () => {
  it("refuses reading, writing, listing and deleting inside .git, in any case", async () => {
    const { read, write, list, del, ws } = setup();
    mkdirSync(join(ws, ".git", "hooks"), { recursive: true });
    writeFileSync(join(ws, ".git", "config"), "[core]\n");
    await expectToolError(
      write.run({ path: ".git/config", content: "[core]\nfsmonitor = touch /tmp/pwned\n" }),
      "protected-path",
    );
    await expectToolError(
      write.run({ path: ".git/hooks/pre-commit", content: "#!/bin/sh\n" }),
      "protected-path",
    );
    await expectToolError(write.run({ path: ".GIT/config", content: "x" }), "protected-path");
    await expectToolError(read.run({ path: ".git/config" }), "protected-path");
    await expectToolError(list.run({ path: ".git" }), "protected-path");
    await expectToolError(del.run({ path: ".git", recursive: true }), "protected-path");
    expect(readFileSync(join(ws, ".git", "config"), "utf8")).toBe("[core]\n");
    // Only the exact segment is protected: .gitignore and .github are ordinary files.
    await write.run({ path: ".gitignore", content: "dist\n" });
    await write.run({ path: ".github/ci.yml", content: "on: push\n", createDirs: true });
    await expect(read.run({ path: ".gitignore" })).resolves.toMatchObject({ content: "dist\n" });
  });

  it("refuses reaching .git through a symlink inside the workspace", async () => {
    const { read, ws } = setup();
    mkdirSync(join(ws, ".git"));
    writeFileSync(join(ws, ".git", "config"), "[remote]\n");
    symlinkSync(".git", join(ws, "gitlink"));
    await expectToolError(read.run({ path: "gitlink/config" }), "protected-path");
  });

  it("refuses a recursive delete of a tree holding a nested .git, deleting nothing", async () => {
    const { del, ws } = setup();
    mkdirSync(join(ws, "vendor", "lib", ".git"), { recursive: true });
    writeFileSync(join(ws, "vendor", "a.txt"), "a");
    await expectToolError(del.run({ path: "vendor", recursive: true }), "protected-path");
    expect(readFileSync(join(ws, "vendor", "a.txt"), "utf8")).toBe("a");
  });
});

describe("fs.write", () => {
  it("creates, overwrites, appends, and honours mode: create", async () => {
    const { write, ws } = setup();
    await expect(write.run({ path: "a.txt", content: "one" })).resolves.toMatchObject({
      created: true,
      bytesWritten: 3,
    });
    await expect(write.run({ path: "a.txt", content: "2" })).resolves.toMatchObject({ created: false });
    expect(readFileSync(join(ws, "a.txt"), "utf8")).toBe("2");
    await write.run({ path: "a.txt", content: "3", mode: "append" });
    expect(readFileSync(join(ws, "a.txt"), "utf8")).toBe("23");
    await expectToolError(write.run({ path: "a.txt", content: "x", mode: "create" }), "already-exists");
  });

  it("creates parent directories only when asked", async () => {
    const { write, ws } = setup();
    await expectToolError(write.run({ path: "x/y/z.txt", content: "z" }), "not-found");
    await write.run({ path: "x/y/z.txt", content: "z", createDirs: true });
    expect(readFileSync(join(ws, "x", "y", "z.txt"), "utf8")).toBe("z");
  });

  it("enforces the write size limit", async () => {
    const { write } = setup({ maxWriteBytes: 4 });
    await expectToolError(write.run({ path: "a.txt", content: "12345" }), "too-large");
  });

  it("refuses a parent that is a file", async () => {
    const { write, ws } = setup();
    writeFileSync(join(ws, "file"), "f");
    await expectToolError(write.run({ path: "file/child.txt", content: "x" }), "not-a-directory");
  });
});

describe("fs.list and fs.delete", () => {
  it("lists entries with types, reporting symlinks without following them", async () => {
    const { list, ws, outside } = setup();
    writeFileSync(join(ws, "b.txt"), "bb");
    mkdirSync(join(ws, "a"));
    symlinkSync(outside, join(ws, "c"));
    const result = await list.run({});
    expect(result).toEqual({
      path: ".",
      truncated: false,
      entries: [
        { name: "a", type: "directory", size: 0 },
        { name: "b.txt", type: "file", size: 2 },
        { name: "c", type: "symlink", size: 0 },
      ],
    });
  });

  it("caps the number of entries listed", async () => {
    const { list, ws } = setup({ maxListEntries: 2 });
    for (const n of ["1", "2", "3"]) writeFileSync(join(ws, n), n);
    const result = await list.run({ path: "." });
    expect(result.truncated).toBe(true);
    expect((result.entries as unknown[]).length).toBe(2);
  });

  it("deletes files and empty directories; non-empty ones only when recursive", async () => {
    const { del, ws } = setup();
    mkdirSync(join(ws, "d", "e"), { recursive: true });
    writeFileSync(join(ws, "d", "e", "f"), "f");
    await expectToolError(del.run({ path: "d" }), "not-empty");
    await expect(del.run({ path: "d/e/f" })).resolves.toMatchObject({ type: "file" });
    await expect(del.run({ path: "d/e" })).resolves.toMatchObject({ type: "directory", removed: 1 });
    await expectToolError(del.run({ path: "d/e" }), "not-found");
  });

  it("refuses a recursive delete above the entry limit, deleting nothing", async () => {
    const { del, ws } = setup({ maxDeleteEntries: 3 });
    mkdirSync(join(ws, "t"));
    for (const n of ["1", "2", "3"]) writeFileSync(join(ws, "t", n), n);
    await expectToolError(del.run({ path: "t", recursive: true }), "too-large");
    expect(readFileSync(join(ws, "t", "3"), "utf8")).toBe("3");
  });
});
