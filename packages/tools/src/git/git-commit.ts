import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import type { ToolDefinition } from "../types.ts";
import type { Workspace } from "../workspace/workspace.ts";
import type { GitRunner } from "./run-git.ts";
import { gitPaths } from "./validate.ts";

export const gitCommitArgs = z.strictObject({
  message: z
    .string()
    .min(1)
    .max(20_000)
    .refine((m) => !m.includes("\0"), "NUL byte"),
  paths: z.array(z.string()).default([]).describe("Workspace-relative paths to stage before committing."),
  all: z.boolean().default(false).describe("Stage every modified tracked file (git commit -a)."),
});
export type GitCommitArgs = z.output<typeof gitCommitArgs>;

export interface GitCommitResult extends Record<string, unknown> {
  commit: string;
  branch: string | null;
  summary: string;
}

export function createGitCommit(
  ws: Workspace,
  git: GitRunner,
): ToolDefinition<GitCommitArgs, GitCommitResult> {
  return defineTool({
    name: "git.commit",
    description: "Stage the given paths (optional) and commit with a message. Hooks never run.",
    risk: "MEDIUM",
    inputSchema: gitCommitArgs,
    hints: { readOnly: false, destructive: false, openWorld: false },
    async handler(args, { signal }) {
      const opts = signal === undefined ? {} : { signal };
      const paths = gitPaths(ws, args.paths);
      if (paths.length > 0) await git.run(["add", "--", ...paths], opts);
      // The message is the value of -m in its own argv slot: `--amend` as a message is just text.
      // --no-verify on top of core.hooksPath=/dev/null: pre-commit and commit-msg hooks never run.
      const argv = ["commit", "--no-verify", "--no-edit", "-m", args.message];
      if (args.all) argv.push("--all");
      await git.run(argv, opts);
      const head = await git.run(["rev-parse", "HEAD"], opts);
      const branch = await git.run(["symbolic-ref", "--quiet", "--short", "HEAD"], {
        ...opts,
        allowExit: [1],
      });
      return {
        commit: head.stdout.trim(),
        branch: branch.exitCode === 0 ? branch.stdout.trim() : null,
        summary: args.message.split("\n")[0] ?? "",
      };
    },
  });
}
