import { spawn } from "node:child_process";
import {
  constants,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTools, ToolError } from "../src/index.ts";
import { openWorkspace } from "../src/workspace/workspace.ts";
import { expectToolError, sandbox, testEnv, tool } from "./helpers.ts";

// Threat: TOCTOU — a path component is swapped for a symlink to outside between the check
// (realpath) and the use (open). The first two tests freeze the race at its worst moment; the last
// two run a real concurrent swapper and check the invariant on every call.
function setup() {
  const box = sandbox();
  mkdirSync(join(box.ws, "d"));
  writeFileSync(join(box.ws, "d", "f.txt"), "inside");
  mkdirSync(join(box.outside, "d"));
  writeFileSync(join(box.outside, "d", "f.txt"), "SECRET");
  return box;
}

describe("symlink swap between check and use", () => {
  it("read: the opened descriptor is re-verified, so a swapped parent is caught", async () => {
    const { ws, outside } = setup();
    const workspace = openWorkspace(ws);
    const real = await workspace.realpathInside(workspace.parse("d/f.txt")); // check: inside
    renameSync(join(ws, "d"), join(ws, "d-old")); // the swap
    symlinkSync(join(outside, "d"), join(ws, "d"));
    await expectToolError(workspace.openVerified(real, constants.O_RDONLY, "d/f.txt"), "symlink-escape");
  });

  it("read: a file swapped for a symlink after realpath is refused by O_NOFOLLOW", async () => {
    const { ws, outside } = setup();
    const workspace = openWorkspace(ws);
    const real = await workspace.realpathInside(workspace.parse("d/f.txt"));
    renameSync(join(ws, "d", "f.txt"), join(ws, "d", "f.old"));
    symlinkSync(join(outside, "d", "f.txt"), join(ws, "d", "f.txt"));
    await expectToolError(workspace.openVerified(real, constants.O_RDONLY, "d/f.txt"), "symlink-escape");
  });

  it("write: once the parent is open, a swap of its path cannot redirect the write", async () => {
    const { ws, outside } = setup();
    const workspace = openWorkspace(ws);
    const dir = await workspace.openDirChain(["d"], { create: false, label: "d/new.txt" });
    try {
      renameSync(join(ws, "d"), join(ws, "d-old"));
      symlinkSync(join(outside, "d"), join(ws, "d"));
      await writeFile(workspace.childPath(dir, "new.txt"), "data");
    } finally {
      await dir.handle.close();
    }
    expect(readdirSync(join(outside, "d"))).toEqual(["f.txt"]);
    expect(readFileSync(join(ws, "d-old", "new.txt"), "utf8")).toBe("data");
  });

  it("read and write never reach outside while a concurrent process keeps swapping", async () => {
    const { ws, outside, base } = setup();
    const tools = createTools({ workspace: ws, env: testEnv(base) });
    const read = tool(tools, "fs.read");
    const write = tool(tools, "fs.write");
    // A separate process flips ws/d between the real directory and a symlink to outside/d.
    const swapper = spawn(
      process.execPath,
      [
        "-e",
        `const fs = require("node:fs");
         const d = ${JSON.stringify(join(ws, "d"))}, hold = d + "-hold", out = ${JSON.stringify(join(outside, "d"))};
         process.stdout.write("ready\\n");
         for (;;) { fs.renameSync(d, hold); fs.symlinkSync(out, d); fs.unlinkSync(d); fs.renameSync(hold, d); }`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise((resolve) => swapper.stdout.once("data", resolve));
    const outcomes = { inside: 0, refused: 0, other: [] as string[] };
    try {
      for (let i = 0; i < 300; i++) {
        try {
          const result = await read.run({ path: "d/f.txt" });
          if (result.content === "inside") outcomes.inside++;
          else outcomes.other.push(String(result.content));
        } catch (error) {
          if (
            error instanceof ToolError &&
            ["symlink-escape", "symlink-refused", "not-found"].includes(error.code)
          ) {
            outcomes.refused++;
          } else throw error;
        }
        await write.run({ path: "d/w.txt", content: `w${i}` }).catch((error: unknown) => {
          if (!(error instanceof ToolError)) throw error;
        });
      }
    } finally {
      swapper.kill("SIGKILL");
      await new Promise((resolve) => swapper.once("exit", resolve));
    }
    expect(outcomes.other).toEqual([]); // never the outside content
    expect(outcomes.inside + outcomes.refused).toBe(300);
    expect(outcomes.refused).toBeGreaterThan(0); // the race was really exercised
    expect(readdirSync(join(outside, "d"))).toEqual(["f.txt"]); // nothing written outside
    expect(readFileSync(join(outside, "d", "f.txt"), "utf8")).toBe("SECRET");
  });
});
