/** Exit statuses, stable across releases: scripts branch on them. */
export const EXIT = {
  ok: 0,
  /** The thing checked is bad: a tampered log, a denied call, a rejected decision. */
  failed: 1,
  /** The user's input or environment is wrong: usage, missing files, unreadable config. */
  usage: 2,
} as const;

export type CliErrorCode =
  | "usage"
  | "not-initialized"
  | "already-initialized"
  | "not-found"
  | "invalid-input"
  | "io"
  | "key"
  | "policy"
  | "config"
  | "rejected";

/** A user-facing error: one clear line, a stable code, an exit status. Never a stack trace. */
export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly exitCode: number = EXIT.usage,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CliError";
  }
}
