/** Why a signed-in user's request about an organisation was refused. */
export type AccessErrorCode =
  | "not-found" // not a member, or no such organisation/project: the same answer (no oracle)
  | "insufficient-role"
  | "last-owner"
  | "invalid-input"
  | "conflict"
  | "wrong-account";

/** A refusal with a stable code; pages map not-found to a 404 and the rest to a message. */
export class AccessError extends Error {
  override readonly name = "AccessError";
  constructor(
    readonly code: AccessErrorCode,
    message: string,
  ) {
    super(message);
  }
}
