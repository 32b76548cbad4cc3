export { createTools, TOOL_NAMES } from "./create-tools.ts";
export { defineTool, parseArgs } from "./define-tool.ts";
export { fromSystemError, isToolError, ToolError, type ToolErrorCode } from "./errors.ts";
export { type FsDeleteArgs, type FsDeleteResult, fsDeleteArgs } from "./fs/fs-delete.ts";
export { type FsEntryType, type FsListArgs, type FsListResult, fsListArgs } from "./fs/fs-list.ts";
export { type FsReadArgs, type FsReadResult, fsReadArgs } from "./fs/fs-read.ts";
export { type FsWriteArgs, type FsWriteResult, fsWriteArgs } from "./fs/fs-write.ts";
export { type GitCommitArgs, type GitCommitResult, gitCommitArgs } from "./git/git-commit.ts";
export { type GitDiffArgs, type GitDiffResult, gitDiffArgs } from "./git/git-diff.ts";
export type { GitPushResult } from "./git/git-push.ts";
export {
  type GitStatusArgs,
  type GitStatusEntry,
  type GitStatusResult,
  gitStatusArgs,
} from "./git/git-status.ts";
export {
  classifyPushRefs,
  type GitPushArgs,
  gitPushArgs,
  type PushClassification,
  type PushRef,
} from "./git/push-refs.ts";
export { type ParsedRefspec, parsePushRefspec } from "./git/push-refspec.ts";
export { GIT_HARDENING } from "./git/run-git.ts";
export { type HttpRequestArgs, type HttpRequestResult, httpRequestArgs } from "./http/http-request.ts";
export {
  type CompiledHttpRule,
  checkHttpTarget,
  compileHttpAllowList,
  normalizeHost,
} from "./http/url-policy.ts";
export {
  type CreateToolsOptions,
  type HttpAllowRule,
  parseToolsOptions,
  type ToolsOptions,
  toolsOptionsSchema,
} from "./options.ts";
export { runToolsServerStdio } from "./server/stdio.ts";
export {
  createToolsServer,
  ERROR_CODE_META_KEY,
  RISK_META_KEY,
  type ToolsServerOptions,
  toErrorResult,
} from "./server/tools-server.ts";
export {
  type ShellExecArgs,
  type ShellExecResult,
  shellExecArgs,
  shellExecRisk,
} from "./shell/shell-exec.ts";
export type {
  AnyToolDefinition,
  ToolDefinition,
  ToolHints,
  ToolName,
  ToolRisk,
  ToolRunContext,
} from "./types.ts";
