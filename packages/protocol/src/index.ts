export { type ActionDigestInput, actionDigest } from "./action-digest.ts";
export { ACTION_LEVELS, type ActionLevel } from "./action-level.ts";
export { checkShownHold, createDecision, type DecisionInput, type ShownHold } from "./create-decision.ts";
export { type DecisionRejectionCode, UNVERIFIED_REJECTIONS } from "./decision-rejection.ts";
export { DecisionSigningError, type DecisionSigningErrorCode } from "./decision-signing-error.ts";
export {
  type SignedDecision,
  signDecision,
  signedDecisionSchema,
  type UnsignedDecision,
  unsignedPart,
} from "./signed-decision.ts";
export {
  type DecisionVerification,
  decisionIdOf,
  type HoldRecord,
  type TrustedKey,
  type VerifyDecisionContext,
  verifyDecision,
} from "./verify-decision.ts";
