import { defineTool } from "../define-tool.ts";
import type { ToolDefinition } from "../types.ts";
import { type GitPushArgs, gitPushArgs, type PushRef, resolvePushRefs } from "./push-refs.ts";
import type { GitRunner } from "./run-git.ts";

export interface GitPushResult extends Record<string, unknown> {
  remote: string;
  remoteUrl: string;
  refs: PushRef[];
  /** `git push --porcelain` output: one line per ref with its outcome. */
  output: string;
}

export function createGitPush(git: GitRunner): ToolDefinition<GitPushArgs, GitPushResult> {
  return defineTool({
    name: "git.push",
    description:
      "Push refs to a configured remote. Refspecs are resolved to full ref names first (see classifyPushRefs) and exactly those are pushed.",
    risk: "HIGH",
    inputSchema: gitPushArgs,
    hints: { readOnly: false, destructive: true, openWorld: true },
    async handler(args, { signal }) {
      const plan = await resolvePushRefs(git, args, signal);
      const argv = [
        "push",
        "--porcelain",
        "--no-verify",
        "--recurse-submodules=no",
        // After this marker the remote and refspecs cannot be read as options (--receive-pack=...).
        "--end-of-options",
        plan.remote,
        ...plan.refs.map((ref) => ref.refspec),
      ];
      const result = await git.run(argv, { ...(signal === undefined ? {} : { signal }) });
      return { ...plan, output: result.stdout.trim() };
    },
  });
}
