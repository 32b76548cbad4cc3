/** Why a signed decision was refused. Stable strings: they are recorded in the log and tested. */
export type DecisionRejectionCode =
  | "malformed"
  /** The guard could not read a valid pinned-keys file at the moment of verification (fail closed). */
  | "pinned-keys-unavailable"
  | "unpinned-key"
  | "revoked-key"
  | "key-not-authorized-for-level"
  | "bad-signature"
  | "unknown-hold"
  | "hold-not-open"
  | "session-mismatch"
  | "action-digest-mismatch"
  | "level-mismatch"
  | "issued-before-hold"
  | "decision-expired"
  | "hold-expired"
  | "replayed"
  /** The policy names the keys that may approve this level, and the signer is not one of them. */
  | "approver-not-named"
  | "self-approval"
  | "duplicate-approver";

/**
 * Rejections reached before the signature was verified. Such a decision is not spent: anyone can
 * forge a copy bearing a genuine decision's key id and nonce, and spending on it would let the
 * transport burn the genuine one (threat: burning a decision with a tampered copy).
 */
export const UNVERIFIED_REJECTIONS: ReadonlySet<DecisionRejectionCode> = new Set<DecisionRejectionCode>([
  "malformed",
  "pinned-keys-unavailable",
  "unpinned-key",
  "revoked-key",
  "bad-signature",
]);
