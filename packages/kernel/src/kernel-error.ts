export type KernelErrorCode =
  | "not-initialized"
  | "already-initialized"
  | "config-invalid"
  | "invalid-session-name"
  | "unknown-hold"
  | "key-not-found";

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
