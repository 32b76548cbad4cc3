// Typed errors for every refusal and failure, so the proxy, the CLI and MCP clients can react to a
// stable `code` instead of parsing messages (house style: sigstore `VerificationError<Code>`).

export type ToolErrorCode =
  | "invalid-argument"
  | "invalid-path"
  | "outside-workspace"
  | "symlink-escape"
  | "symlink-refused"
  | "hardlink-refused"
  | "protected-path"
  | "not-found"
  | "not-a-file"
  | "not-a-directory"
  | "not-empty"
  | "already-exists"
  | "permission-denied"
  | "too-large"
  | "timeout"
  | "aborted"
  | "shell-not-allowed"
  | "critical-refused"
  | "env-not-allowed"
  | "spawn-failed"
  | "not-a-repository"
  | "invalid-remote"
  | "invalid-refspec"
  | "invalid-revision"
  | "git-failed"
  | "scheme-not-allowed"
  | "userinfo-not-allowed"
  | "host-not-allowed"
  | "method-not-allowed"
  | "header-not-allowed"
  | "too-many-redirects"
  | "network-error"
  | "unknown-tool"
  | "internal";

export class ToolError extends Error {
  readonly code: ToolErrorCode;
  /** Machine-readable context (never secrets): the offending path, host, hop, partial output. */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ToolErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ToolError";
    this.code = code;
    this.details = options?.details;
  }
}

export function isToolError(value: unknown): value is ToolError {
  return value instanceof ToolError;
}

/** Maps a Node fs/system error to a ToolError; anything unrecognised keeps its message as `internal`. */
export function fromSystemError(error: unknown, path: string): ToolError {
  if (error instanceof ToolError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const at = { details: { path }, cause: error };
  switch (code) {
    case "ENOENT":
      return new ToolError("not-found", `no such file or directory: ${path}`, at);
    case "ELOOP":
      return new ToolError("symlink-refused", `refusing to follow a symlink: ${path}`, at);
    case "ENOTDIR":
      return new ToolError("not-a-directory", `not a directory: ${path}`, at);
    case "EISDIR":
      return new ToolError("not-a-file", `is a directory: ${path}`, at);
    case "EEXIST":
      return new ToolError("already-exists", `already exists: ${path}`, at);
    case "ENOTEMPTY":
      return new ToolError("not-empty", `directory not empty: ${path}`, at);
    case "EACCES":
    case "EPERM":
      return new ToolError("permission-denied", `permission denied: ${path}`, at);
    case "EFBIG":
      return new ToolError("too-large", `file too large: ${path}`, at);
    default:
      return new ToolError(
        "internal",
        `${path}: ${error instanceof Error ? error.message : String(error)}`,
        at,
      );
  }
}
