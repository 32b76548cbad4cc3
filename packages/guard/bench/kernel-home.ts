import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { type LodestarHome, loadHome } from "@lodestar/kernel";

const PACKAGE_ROOT = join(import.meta.dirname, "..");
/** The `lodestar` CLI from source; `--import tsx` resolves from this package, the cwd of every spawn. */
export const LODESTAR_CLI = {
  command: process.execPath,
  args: ["--import", "tsx", join(PACKAGE_ROOT, "..", "..", "apps", "cli", "src", "bin.ts")],
  cwd: PACKAGE_ROOT,
};

/**
 * A Lodestar folder made the way a user (and the CLI's tests) make one: `lodestar init` by the real
 * CLI, in `<dir>/.lodestar`, with the default policy and an operator key; its workspace is `dir`.
 */
export async function initLodestarHome(dir: string): Promise<LodestarHome> {
  const root = join(dir, ".lodestar");
  const r = spawnSync(LODESTAR_CLI.command, [...LODESTAR_CLI.args, "init", "--operator", "bench-operator"], {
    cwd: LODESTAR_CLI.cwd,
    env: { ...process.env, LODESTAR_HOME: root },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`lodestar init failed (${r.status}): ${r.stderr}`);
  return loadHome(dir, undefined);
}
