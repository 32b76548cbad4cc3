import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import type { ToolDefinition } from "../types.ts";
import type { Workspace } from "../workspace/workspace.ts";
import type { GitRunner } from "./run-git.ts";
import { assertRevision, gitPaths } from "./validate.ts";

export const gitDiffArgs = z.strictObject({
  staged: z.boolean().default(false).describe("Diff the index against HEAD instead of the worktree."),
  base: z.string().optional().describe("Revision to diff against, e.g. HEAD~1 or main (no options)."),
  paths: z.array(z.string()).default([]).describe("Limit to these workspace-relative paths."),
  stat: z.boolean().default(false).describe("Summary (--stat) instead of the patch."),
});
export type GitDiffArgs = z.output<typeof gitDiffArgs>;

export interface GitDiffResult extends Record<string, unknown> {
  diff: string;
  truncated: boolean;
}

export function createGitDiff(ws: Workspace, git: GitRunner): ToolDefinition<GitDiffArgs, GitDiffResult> {
  return defineTool({
    name: "git.diff",
    description: "Show changes in the workspace repository (worktree, staged, or against a revision).",
    risk: "LOW",
    inputSchema: gitDiffArgs,
    hints: { readOnly: true, destructive: false, openWorld: false },
    async handler(args, { signal }) {
      if (args.base !== undefined) assertRevision(args.base);
      const paths = gitPaths(ws, args.paths);
      // --no-ext-diff / --no-textconv: diff drivers from config run programs (threat: code execution).
      const argv = ["diff", "--no-ext-diff", "--no-textconv", "--no-color"];
      if (args.staged) argv.push("--cached");
      if (args.stat) argv.push("--stat");
      // --end-of-options: whatever follows is a revision, never an option like `--output=<file>`.
      argv.push("--end-of-options");
      if (args.base !== undefined) argv.push(args.base);
      argv.push("--", ...paths);
      const result = await git.run(argv, { ...(signal === undefined ? {} : { signal }) });
      return { diff: result.stdout, truncated: result.truncated };
    },
  });
}
