import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTools } from "../src/index.ts";
import { expectToolError, sandbox, testEnv, tool } from "./helpers.ts";

function setup(
  shell: { allowShell?: boolean; timeoutMs?: number; maxOutputBytes?: number; envAllow?: string[] } = {},
) {
  const box = sandbox();
  const env = { ...testEnv(box.base), AWS_SECRET_ACCESS_KEY: "do-not-leak", LD_PRELOAD: "/tmp/evil.so" };
  const tools = createTools({ workspace: box.ws, env, shell });
  return { ...box, exec: tool(tools, "shell.exec") };
}

describe("shell.exec", () => {
  it("runs argv without a shell", async () => {
    const { exec } = setup();
    await expect(exec.run({ argv: ["echo", "hello", "world"] })).resolves.toMatchObject({
      exitCode: 0,
      stdout: "hello world\n",
      truncated: false,
    });
  });

  it("passes shell metacharacters as literal argv, never interpreting them", async () => {
    const { exec, ws } = setup();
    const tricks = [
      "; touch pwned1",
      "$(touch pwned2)",
      "`touch pwned3`",
      "| touch pwned4",
      "&& touch pwned5",
      "*",
      "$HOME",
      "a\nb",
    ];
    const result = await exec.run({ argv: ["printf", "%s|", ...tricks] });
    expect(result.stdout).toBe(`${tricks.join("|")}|`);
    for (const n of [1, 2, 3, 4, 5]) expect(existsSync(join(ws, `pwned${n}`))).toBe(false);
  });

  it("treats a command string with metacharacters as one program name", async () => {
    const { exec, ws } = setup();
    await expectToolError(exec.run({ argv: ["echo hi; touch pwned"] }), "not-found");
    expect(existsSync(join(ws, "pwned"))).toBe(false);
  });

  it("refuses shell: true unless allowed, and classifies it CRITICAL", async () => {
    const { exec, ws } = setup();
    expect(exec.risk).toBe("HIGH");
    expect(exec.riskFor({ argv: ["ls"] })).toBe("HIGH");
    expect(exec.riskFor({ script: "touch pwned", shell: true })).toBe("CRITICAL");
    await expectToolError(exec.run({ script: "touch pwned", shell: true }), "shell-not-allowed");
    expect(existsSync(join(ws, "pwned"))).toBe(false);
  });

  it("runs shell: true through /bin/sh -c when the configuration allows it (HIGH, not CRITICAL)", async () => {
    const { exec, ws } = setup({ allowShell: true });
    expect(exec.riskFor({ script: "x", shell: true })).toBe("HIGH");
    const result = await exec.run({ script: 'echo "$HOME-free" > out.txt; cat out.txt', shell: true });
    expect(result.stdout).toMatch(/-free\n$/);
    expect(existsSync(join(ws, "out.txt"))).toBe(true);
  });

  it("confines cwd to the workspace", async () => {
    const { exec, ws, outside } = setup();
    mkdirSync(join(ws, "sub"));
    await expect(exec.run({ argv: ["pwd"], cwd: "sub" })).resolves.toMatchObject({
      stdout: `${join(ws, "sub")}\n`,
    });
    await expectToolError(exec.run({ argv: ["pwd"], cwd: ".." }), "outside-workspace");
    await expectToolError(exec.run({ argv: ["pwd"], cwd: outside }), "outside-workspace");
    symlinkSync(outside, join(ws, "out"));
    await expectToolError(exec.run({ argv: ["pwd"], cwd: "out" }), "symlink-escape");
    await expectToolError(exec.run({ argv: ["pwd"], cwd: "sub\0" }), "invalid-path");
  });

  it("passes only allow-listed environment variables", async () => {
    const { exec } = setup();
    const result = await exec.run({ argv: ["env"] });
    const names = String(result.stdout)
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split("=")[0]);
    expect(names).not.toContain("AWS_SECRET_ACCESS_KEY");
    expect(names).not.toContain("LD_PRELOAD");
    expect(names).toContain("PATH");
    await expectToolError(
      exec.run({ argv: ["env"], env: { LD_PRELOAD: "/tmp/evil.so" } }),
      "env-not-allowed",
    );
    await expect(exec.run({ argv: ["printenv", "TZ"], env: { TZ: "UTC" } })).resolves.toMatchObject({
      stdout: "UTC\n",
    });
  });

  it("kills the whole process group on timeout", async () => {
    const { exec, ws } = setup({ allowShell: true });
    const started = Date.now();
    // The grandchild would write the marker after 2 s if it survived the kill.
    const error = await expectToolError(
      exec.run({ script: "(sleep 2; touch survived) & sleep 30", shell: true, timeoutMs: 300 }),
      "timeout",
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).toMatch(/300 ms/);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(existsSync(join(ws, "survived"))).toBe(false);
  });

  it("caps the output it keeps", async () => {
    const { exec } = setup({ maxOutputBytes: 1000 });
    const result = await exec.run({ argv: ["head", "-c", "100000", "/dev/zero"] });
    expect(result.truncated).toBe(true);
    expect(String(result.stdout).length).toBe(1000);
    expect(result.exitCode).toBe(0);
  });

  it("reports a non-zero exit without throwing, and feeds stdin", async () => {
    const { exec } = setup();
    await expect(exec.run({ argv: ["sh", "-c", "exit 3"] })).resolves.toMatchObject({ exitCode: 3 });
    await expect(exec.run({ argv: ["cat"], stdin: "piped" })).resolves.toMatchObject({ stdout: "piped" });
  });

  it("stops when the caller aborts", async () => {
    const { exec } = setup();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expectToolError(exec.run({ argv: ["sleep", "30"] }, { signal: controller.signal }), "aborted");
  });

  it("rejects a NUL byte in argv", async () => {
    const { exec } = setup();
    await expectToolError(exec.run({ argv: ["echo", "a\0b"] }), "invalid-argument");
  });
});

describe("shell.exec argument shapes", () => {
  it("refuses a script without shell: true, and argv together with shell: true", async () => {
    const { exec } = setup({ allowShell: true });
    await expectToolError(exec.run({ script: "echo hi" }), "invalid-argument");
    await expectToolError(exec.run({ argv: ["echo"], script: "echo hi", shell: true }), "invalid-argument");
    await expectToolError(exec.run({}), "invalid-argument");
  });
});
