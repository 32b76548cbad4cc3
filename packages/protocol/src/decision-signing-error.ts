/** Why a signer refused to sign. Stable strings: the CLI (and later a phone) shows and tests them. */
export type DecisionSigningErrorCode =
  /** The digest recomputed from what is shown is not the hold's: what would be signed is not what is seen. */
  | "action-digest-mismatch"
  /** The hold lacks an input of its action digest (an older log): nothing shown can be checked. */
  | "hold-incomplete";

/** A refusal to sign, raised before any signature exists. */
export class DecisionSigningError extends Error {
  constructor(
    readonly code: DecisionSigningErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DecisionSigningError";
  }
}
