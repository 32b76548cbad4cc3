import { createFsDelete } from "./fs/fs-delete.ts";
import { createFsList } from "./fs/fs-list.ts";
import { createFsRead } from "./fs/fs-read.ts";
import { createFsWrite } from "./fs/fs-write.ts";
import { createGitCommit } from "./git/git-commit.ts";
import { createGitDiff } from "./git/git-diff.ts";
import { createGitPush } from "./git/git-push.ts";
import { createGitStatus } from "./git/git-status.ts";
import { createGitRunner } from "./git/run-git.ts";
import { createHttpRequest } from "./http/http-request.ts";
import { type CreateToolsOptions, parseToolsOptions } from "./options.ts";
import { createShellExec } from "./shell/shell-exec.ts";
import type { AnyToolDefinition, ToolName } from "./types.ts";
import { openWorkspace } from "./workspace/workspace.ts";

export const TOOL_NAMES: readonly ToolName[] = [
  "fs.read",
  "fs.list",
  "fs.write",
  "fs.delete",
  "shell.exec",
  "git.status",
  "git.diff",
  "git.commit",
  "git.push",
  "http.request",
];

/**
 * Builds every governed tool, confined to `options.workspace` (resolved once, here). The
 * environment is read once as well (`options.env`, else the process env at this moment); the
 * allow-lists decide what of it a child process ever sees.
 */
export function createTools(options: CreateToolsOptions): AnyToolDefinition[] {
  const config = parseToolsOptions(options);
  const env = { ...(config.env ?? process.env) };
  const ws = openWorkspace(config.workspace, {
    protect: config.protect,
    protectedPaths: config.protectedPaths,
  });
  const git = createGitRunner(ws.root, config.git, env);
  return [
    createFsRead(ws, config.fs),
    createFsList(ws, config.fs),
    createFsWrite(ws, config.fs),
    createFsDelete(ws, config.fs),
    createShellExec(ws, config.shell, env),
    createGitStatus(git),
    createGitDiff(ws, git),
    createGitCommit(ws, git),
    createGitPush(git),
    createHttpRequest(config.http),
  ];
}
