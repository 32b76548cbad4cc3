import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

/**
 * `lodestar` from source, with no build: node with the tsx loader given as an absolute URL, so it
 * resolves whatever folder the command runs in (a bare `--import tsx` resolves from the cwd).
 */
export const LODESTAR = {
  command: process.execPath,
  args: [
    "--import",
    pathToFileURL(require.resolve("tsx")).href,
    fileURLToPath(new URL("../../src/bin.ts", import.meta.url)),
  ],
};

/** The bundle `pnpm build` writes (`npm test` builds before the suites): plain node, no loader. */
export const LODESTAR_BUNDLE = {
  command: process.execPath,
  args: [fileURLToPath(new URL("../../dist/lodestar.js", import.meta.url))],
};

/**
 * The environment a user's shell would give the CLI: no LODESTAR_* from the machine running the
 * tests (a stray LODESTAR_HOME would point every command at someone else's folder).
 */
export function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "USER", "LANG", "TMPDIR"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs one `lodestar` command to completion in its own process (never blocks this event loop). */
export function lodestar(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number; cli?: typeof LODESTAR },
): Promise<CliRun> {
  const cli = options.cli ?? LODESTAR;
  return new Promise((resolve, reject) => {
    const child = spawn(cli.command, [...cli.args, ...args], {
      cwd: options.cwd,
      env: options.env ?? userEnv(),
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 20_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** Runs a command that must succeed; its failure is the test's failure, with what it printed. */
export async function lodestarOk(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<string> {
  const r = await lodestar(args, options);
  if (r.status !== 0)
    throw new Error(`lodestar ${args.join(" ")} exited ${r.status ?? r.signal}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}
