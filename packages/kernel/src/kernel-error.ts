export type KernelErrorCode =
  | "not-initialized"
  | "already-initialized"
  | "config-invalid"
  | "invalid-session-name"
  | "unknown-hold"
  | "key-not-found"
  /** The session's own log exists but no pinned operator checkpoint covers it (ADR 0019). */
  | "session-log-untrusted";

export class KernelError extends Error {
  constructor(
    readonly code: KernelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "KernelError";
  }
}
