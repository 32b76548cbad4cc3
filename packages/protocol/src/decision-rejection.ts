/** Why a signed decision was refused. Stable strings: they are recorded in the log and tested. */
export type DecisionRejectionCode =
  | "malformed"
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
  | "self-approval"
  | "duplicate-approver";
