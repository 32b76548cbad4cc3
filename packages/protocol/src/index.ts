export { type ActionDigestInput, actionDigest } from "./action-digest.ts";
export { ACTION_LEVELS, type ActionLevel } from "./action-level.ts";
export { createDecision, type DecisionInput } from "./create-decision.ts";
export type { DecisionRejectionCode } from "./decision-rejection.ts";
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
