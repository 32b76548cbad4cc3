/** Why a crypto primitive refused its input. Stable: callers map these to reason codes. */
export type CryptoErrorCode = "invalid-hex" | "invalid-base64url" | "invalid-domain" | "invalid-key-length";

export class CryptoError extends Error {
  override readonly name = "CryptoError";
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
