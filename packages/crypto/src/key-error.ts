/** Why a key file or pinned-keys operation was refused. Stable: the CLI maps these to exit codes. */
export type KeyErrorCode =
  | "insecure-permissions"
  | "not-a-file"
  | "file-exists"
  | "file-not-found"
  | "malformed-key-file"
  | "malformed-pinned-keys"
  | "key-mismatch"
  | "duplicate-key"
  | "unknown-key"
  | "invalid-argument";

export class KeyError extends Error {
  override readonly name = "KeyError";
  readonly code: KeyErrorCode;
  /** For malformed files: the offending field, e.g. "keys[2].keyId". */
  readonly field: string | undefined;

  constructor(code: KeyErrorCode, message: string, options?: { field?: string; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.code = code;
    this.field = options?.field;
  }
}
