import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTools, ToolError } from "../src/index.ts";
import { expectToolError, sandbox, testEnv, tool } from "./helpers.ts";

// threats.md: an agent tries to reach its own trust anchors by any path. The policy's built-in
// protected-anchor rule denies such calls; the governed tools refuse them too (defence in depth),
// and nothing is read, written or deleted.
function setup() {
  const box = sandbox();
  const home = join(box.ws, ".lodestar");
  const customHome = join(box.ws, "ops", "guard-home"); // a home not named .lodestar
  const keyStore = join(box.outside, "keys");
  for (const d of [join(home, "keys"), join(home, "sessions"), customHome, keyStore])
    mkdirSync(d, { recursive: true });
  writeFileSync(join(home, "pinned-keys.json"), "PINNED");
  writeFileSync(join(home, "keys", "operator.key"), "KEY");
  writeFileSync(join(customHome, "policy.yaml"), "POLICY");
  writeFileSync(join(keyStore, "alice.key"), "ALICE");
  writeFileSync(join(box.ws, "notes.txt"), "notes");
  symlinkSync(".lodestar", join(box.ws, "home-link"));
  const tools = createTools({
    workspace: box.ws,
    env: testEnv(box.base),
    protectedPaths: [home, customHome, keyStore],
  });
  return { ...box, home, customHome, keyStore, tools };
}

describe("the governed tools refuse Lodestar's anchors", () => {
  it("fs.read and fs.write of the home, by name, case variant, symlink or absolute path", async () => {
    const { tools, home, ws } = setup();
    const read = tool(tools, "fs.read");
    const write = tool(tools, "fs.write");
    for (const path of [
      ".lodestar/pinned-keys.json",
      ".LODESTAR/pinned-keys.json",
      "./.lodestar/keys/operator.key",
      `${ws}/.lodestar/pinned-keys.json`,
    ]) {
      await expectToolError(read.run({ path }), "protected-path");
      await expectToolError(write.run({ path, content: "{}" }), "protected-path");
    }
    // Through a symlink the tools refuse either way: the link (never followed) or where it leads.
    for (const run of [
      read.run({ path: "home-link/pinned-keys.json" }),
      write.run({ path: "home-link/pinned-keys.json", content: "{}" }),
    ]) {
      const error = await run.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ToolError);
      expect(["protected-path", "symlink-refused"]).toContain((error as ToolError).code);
    }
    expect(readFileSync(join(home, "pinned-keys.json"), "utf8")).toBe("PINNED");
  });

  it("a home under another name is protected by its path", async () => {
    const { tools, customHome } = setup();
    await expectToolError(
      tool(tools, "fs.read").run({ path: "ops/guard-home/policy.yaml" }),
      "protected-path",
    );
    await expectToolError(
      tool(tools, "fs.write").run({ path: "ops/guard-home/policy.yaml", content: "mode: observe" }),
      "protected-path",
    );
    // Deleting the folder that holds it would delete it too.
    await expectToolError(tool(tools, "fs.delete").run({ path: "ops", recursive: true }), "protected-path");
    expect(readFileSync(join(customHome, "policy.yaml"), "utf8")).toBe("POLICY");
  });

  it("fs.delete of the home or a folder holding it deletes nothing", async () => {
    const { tools, home } = setup();
    await expectToolError(
      tool(tools, "fs.delete").run({ path: ".lodestar", recursive: true }),
      "protected-path",
    );
    await expectToolError(
      tool(tools, "fs.delete").run({ path: ".lodestar/keys/operator.key" }),
      "protected-path",
    );
    expect(readFileSync(join(home, "keys", "operator.key"), "utf8")).toBe("KEY");
  });

  it("shell.exec refuses a command that names an anchor; others run", async () => {
    const { tools, keyStore } = setup();
    const shell = tool(tools, "shell.exec");
    await expectToolError(shell.run({ argv: ["cat", ".lodestar/keys/operator.key"] }), "protected-path");
    await expectToolError(shell.run({ argv: ["cp", "-r", ".lodestar", "x"] }), "protected-path");
    await expectToolError(shell.run({ argv: ["cat", join(keyStore, "alice.key")] }), "protected-path");
    await expectToolError(shell.run({ argv: ["cat", "ops/guard-home/policy.yaml"] }), "protected-path");
    await expect(shell.run({ argv: ["cat", "notes.txt"] })).resolves.toMatchObject({ stdout: "notes" });
  });

  it("the default protect list holds .lodestar even with no paths configured", async () => {
    const box = sandbox();
    mkdirSync(join(box.ws, ".lodestar"));
    writeFileSync(join(box.ws, ".lodestar", "policy.yaml"), "P");
    const tools = createTools({ workspace: box.ws, env: testEnv(box.base) });
    await expectToolError(tool(tools, "fs.read").run({ path: ".lodestar/policy.yaml" }), "protected-path");
  });
});
