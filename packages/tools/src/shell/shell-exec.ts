import { stat } from "node:fs/promises";
import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { ToolError } from "../errors.ts";
import type { ToolsOptions } from "../options.ts";
import { pickEnv } from "../process/env.ts";
import { runProcess } from "../process/run-process.ts";
import type { ToolDefinition, ToolRisk } from "../types.ts";
import type { Workspace } from "../workspace/workspace.ts";

const noNul = (s: string) => !s.includes("\0");

// One field holds the whole command line the policy classifies: `argv` (program and arguments,
// run without a shell) or, with shell: true, `script`. Splitting the program from its arguments
// would let a policy see `git` and miss `push origin main`.
export const shellExecArgs = z.strictObject({
  argv: z
    .array(z.string().refine(noNul, "NUL byte"))
    .min(1)
    .optional()
    .describe("Program and arguments, passed verbatim with no shell (argv[0] is the program)."),
  script: z
    .string()
    .min(1)
    .refine(noNul, "NUL byte")
    .optional()
    .describe("A /bin/sh script; only with shell: true."),
  cwd: z.string().default(".").describe("Working directory, relative to the workspace root."),
  env: z.record(z.string(), z.string()).default({}).describe("Extra variables; names must be allow-listed."),
  stdin: z.string().optional(),
  timeoutMs: z.number().int().positive().optional(),
  shell: z
    .boolean()
    .default(false)
    .describe("Run `script` with /bin/sh -c. CRITICAL (refused) unless the configuration allows it."),
});
export type ShellExecArgs = z.output<typeof shellExecArgs>;

export interface ShellExecResult extends Record<string, unknown> {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
}

/** Per-call risk: a shell interprets metacharacters, so it is CRITICAL unless explicitly allowed. */
export function shellExecRisk(args: Pick<ShellExecArgs, "shell">, allowShell: boolean): ToolRisk {
  return args.shell && !allowShell ? "CRITICAL" : "HIGH";
}

export function createShellExec(
  ws: Workspace,
  config: ToolsOptions["shell"],
  baseEnv: Readonly<Record<string, string | undefined>>,
): ToolDefinition<ShellExecArgs, ShellExecResult> {
  return defineTool({
    name: "shell.exec",
    description:
      "Run a program with an argv array (no shell) in a workspace directory, with a timeout and an output cap.",
    risk: "HIGH",
    inputSchema: shellExecArgs,
    hints: { readOnly: false, destructive: true, openWorld: true },
    riskFor: (args) => shellExecRisk(args, config.allowShell),
    async handler(args, { signal }) {
      // Defense in depth: a CRITICAL call that slipped past policy still does not run.
      if (args.shell && !config.allowShell) {
        throw new ToolError("shell-not-allowed", "shell: true is not allowed by the tools configuration");
      }
      if (
        args.shell
          ? args.script === undefined || args.argv !== undefined
          : args.argv === undefined || args.script !== undefined
      ) {
        throw new ToolError(
          "invalid-argument",
          "give argv (run without a shell), or script together with shell: true",
        );
      }
      const refused = Object.keys(args.env).filter((name) => !config.envAllow.includes(name));
      if (refused.length > 0) {
        throw new ToolError("env-not-allowed", `environment variables not allowed: ${refused.join(", ")}`, {
          details: { names: refused },
        });
      }
      // Defence in depth behind the policy's protected-anchor rule: a command that spells one of
      // Lodestar's anchors never runs, whatever approved it.
      const words = args.shell ? [args.script!] : args.argv!;
      if (words.some((w) => ws.anchors.named(w, ws.root))) {
        throw new ToolError("protected-path", "the command names one of Lodestar's trust anchors");
      }
      const cwdPath = ws.parse(args.cwd, { allowRoot: true });
      const cwd = await ws.realpathInside(cwdPath);
      if (!(await stat(cwd)).isDirectory())
        throw new ToolError("not-a-directory", `cwd is not a directory: ${args.cwd}`);

      const timeoutMs = Math.min(args.timeoutMs ?? config.timeoutMs, config.maxTimeoutMs);
      const [file, ...argv] = args.shell ? ["/bin/sh", "-c", args.script!] : args.argv!;
      const result = await runProcess({
        file: file!,
        args: argv,
        cwd,
        env: { ...pickEnv(baseEnv, config.envAllow), ...args.env },
        timeoutMs,
        maxOutputBytes: config.maxOutputBytes,
        signal,
        ...(args.stdin === undefined ? {} : { stdin: args.stdin }),
      });
      if (result.timedOut) {
        throw new ToolError(
          "timeout",
          `${args.shell ? "the script" : args.argv![0]} did not finish within ${timeoutMs} ms and was killed`,
          {
            details: { timeoutMs, stdout: result.stdout, stderr: result.stderr },
          },
        );
      }
      return {
        exitCode: result.exitCode,
        signal: result.signal,
        stdout: result.stdout,
        stderr: result.stderr,
        truncated: result.truncated,
      };
    },
  });
}
