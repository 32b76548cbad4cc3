import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect } from "vitest";
import { type AnyToolDefinition, ToolError, type ToolErrorCode, type ToolName } from "../src/index.ts";

const cleanups: string[] = [];
afterEach(() => {
  for (const dir of cleanups.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh real temp directory (realpath), removed after the test. */
export function tempDir(prefix = "lodestar-tools-"): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  cleanups.push(dir);
  return dir;
}

/** A sandbox: `outside` holds things the agent must never reach; `ws` is the workspace. */
export function sandbox(): { base: string; ws: string; outside: string } {
  const base = tempDir();
  execFileSync("mkdir", ["-p", join(base, "ws"), join(base, "outside")]);
  return { base, ws: join(base, "ws"), outside: join(base, "outside") };
}

export function tool(tools: AnyToolDefinition[], name: ToolName): AnyToolDefinition {
  const found = tools.find((t) => t.name === name);
  if (found === undefined) throw new Error(`no tool ${name}`);
  return found;
}

/** Asserts the promise rejects with a ToolError of exactly this code, and returns it. */
export async function expectToolError(promise: Promise<unknown>, code: ToolErrorCode): Promise<ToolError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected ToolError ${code}, got result ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolError);
  expect((error as ToolError).code).toBe(code);
  return error as ToolError;
}

/** Runs the real git binary for test setup (not through the tools). */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd, GIT_CONFIG_NOSYSTEM: "1" },
  }).trim();
}

/** The minimal environment handed to createTools in tests: no secrets, no global git config. */
export function testEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, LANG: "C" };
}
