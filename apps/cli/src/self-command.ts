import { type SpawnSyncReturns, spawnSync } from "node:child_process";

/**
 * How to start this same CLI as a child process: the bundled file under plain node, or the
 * TypeScript entry under the loader it was started with (`pnpm lodestar`).
 */
export function selfCommand(): { command: string; args: string[] } {
  // A bare loader specifier (`--import tsx`) resolves from the working folder; the child may run
  // elsewhere, so pass the loader by its resolved URL.
  const execArgv = process.execArgv.map((arg, i, all) =>
    all[i - 1] === "--import" && !/^(file:|\.|\/)/.test(arg) ? import.meta.resolve(arg) : arg,
  );
  return { command: process.execPath, args: [...execArgv, process.argv[1]!] };
}

export function runSelf(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): SpawnSyncReturns<string> {
  const self = selfCommand();
  return spawnSync(self.command, [...self.args, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: "utf8",
  });
}
