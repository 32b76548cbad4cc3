/** Why the log could not be opened, read or written. Stable: the kernel maps any of these to a deny. */
export type LogErrorCode =
  | "invalid-options"
  | "invalid-input"
  | "locked"
  | "lock-failed"
  | "chain-broken"
  | "session-mismatch"
  | "tail-unrecoverable"
  | "io"
  | "malformed-line"
  | "write-failed"
  | "writer-failed"
  | "closed";

export class LogError extends Error {
  override readonly name = "LogError";
  readonly code: LogErrorCode;

  constructor(code: LogErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
