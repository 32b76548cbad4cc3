export { type ActionDigestInput, actionDigest } from "./action-digest.ts";
export { ACTION_LEVELS, type ActionLevel } from "./action-level.ts";
export {
  type IngestResponse,
  ingestResponseSchema,
  type SessionHead,
  sessionHeadSchema,
} from "./api/ship-responses.ts";
export { type ActionBody, actionBodySchema } from "./bodies/action-body.ts";
export {
  ARGS_BASES,
  type ArgPartInput,
  type ArgsBase,
  argPartName,
  type JoinedArgs,
  joinArgs,
  type RaisedLevel,
  type ReadPart,
  splitArgs,
} from "./bodies/args-parts.ts";
export { type DecisionBody, decisionBodySchema } from "./bodies/decision-body.ts";
export { type GrantBody, grantBodySchema } from "./bodies/grant-body.ts";
export { type HoldBody, holdBodySchema } from "./bodies/hold-body.ts";
export { type OutcomeBody, outcomeBodySchema } from "./bodies/outcome-body.ts";
export { WIRE_FORMATS, type WireFormatFile, wireJsonSchema } from "./bodies/wire-json-schemas.ts";
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
