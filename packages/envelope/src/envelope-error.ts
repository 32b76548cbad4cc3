/** Why a line or value is not a valid v1 envelope. Stable: the log verifier maps these to its codes. */
export type EnvelopeErrorCode =
  | "invalid-json"
  | "unsupported-version"
  | "schema"
  | "non-canonical"
  | "bad-hash"
  | "invalid-input"
  | "part-redacted";

export class EnvelopeError extends Error {
  override readonly name = "EnvelopeError";
  readonly code: EnvelopeErrorCode;
  /** JSON pointer of the offending field ("" is the whole envelope), when one can be named. */
  readonly field: string | undefined;
  /** The message without the field, for re-wrapping. */
  readonly reason: string;

  constructor(code: EnvelopeErrorCode, reason: string, options?: { field?: string; cause?: unknown }) {
    super(options?.field ? `${reason} (at ${options.field})` : reason, { cause: options?.cause });
    this.code = code;
    this.field = options?.field;
    this.reason = reason;
  }
}
