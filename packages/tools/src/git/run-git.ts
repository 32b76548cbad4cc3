import { dirname } from "node:path";
import { ToolError } from "../errors.ts";
import type { ToolsOptions } from "../options.ts";
import { pickEnv } from "../process/env.ts";
import { type RunProcessResult, runProcess } from "../process/run-process.ts";

/**
 * Options we put in front of every git command; nothing from the agent ever goes before the
 * subcommand, so `-c`, `--git-dir`, `--exec-path` and friends cannot come from arguments.
 */
export const GIT_HARDENING: readonly string[] = [
  "--no-pager",
  // Pathspec magic (`:(top)`, `:!`, globs) off: a path argument names one path, literally.
  "--literal-pathspecs",
  // Threat: hook execution (pre-commit, pre-push, post-checkout ...) from a planted hook dir.
  "-c",
  "core.hooksPath=/dev/null",
  // Threat: core.fsmonitor runs a program on every status/diff.
  "-c",
  "core.fsmonitor=false",
  // Threat: `ext::` remote URLs run arbitrary commands.
  "-c",
  "protocol.ext.allow=never",
  "-c",
  "core.pager=cat",
  "-c",
  "color.ui=false",
  "-c",
  "core.quotePath=false",
];

export interface GitRunner {
  /** The workspace root (real path); git always runs here. */
  readonly root: string;
  /** Runs `git <hardening> <args>`; a non-zero exit is a `git-failed` ToolError unless `allowExit` lists it. */
  run(
    args: readonly string[],
    options?: { signal?: AbortSignal; allowExit?: readonly number[] },
  ): Promise<RunProcessResult>;
}

export function createGitRunner(
  root: string,
  config: ToolsOptions["git"],
  baseEnv: Readonly<Record<string, string | undefined>>,
): GitRunner {
  const env = {
    ...pickEnv(baseEnv, config.envAllow),
    // Never block on a credential prompt nobody can answer.
    GIT_TERMINAL_PROMPT: "0",
    // Threat: a workspace that is not a repository must not resolve to an enclosing one outside it.
    GIT_CEILING_DIRECTORIES: dirname(root),
  };
  return {
    root,
    async run(args, options = {}) {
      const result = await runProcess({
        file: config.binary,
        args: [...GIT_HARDENING, ...args],
        cwd: root,
        env,
        timeoutMs: config.timeoutMs,
        maxOutputBytes: config.maxOutputBytes,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      if (result.timedOut) {
        throw new ToolError("timeout", `git ${args[0] ?? ""} did not finish within ${config.timeoutMs} ms`, {
          details: { timeoutMs: config.timeoutMs },
        });
      }
      const allowed = options.allowExit ?? [];
      if (result.exitCode !== 0 && !allowed.includes(result.exitCode ?? -1)) {
        const message = (result.stderr || result.stdout).trim();
        const code = /not a git repository/i.test(message) ? "not-a-repository" : "git-failed";
        throw new ToolError(code, `git ${args[0] ?? ""} failed: ${message}`, {
          details: { exitCode: result.exitCode, stderr: result.stderr, stdout: result.stdout },
        });
      }
      return result;
    },
  };
}
