export { argSensitivity } from "./arg-sensitivity.ts";
export {
  ARG_LEVELS,
  type ArgLevel,
  type ArgSensitivityRule,
  type SensitivitySpec,
} from "./arg-sensitivity-source.ts";
export type { InvalidArg, ResolvedCommand, ResolvedUrl } from "./classify-args.ts";
export type { Policy, ToolPlan } from "./compile-policy.ts";
export { decide } from "./decide.ts";
export type { DecideContext, HoldTerms, PolicyDecision } from "./decision.ts";
export { defaultPolicyPath, defaultPolicyText } from "./default-policy.ts";
export { policyDigest } from "./digest.ts";
export { hasEnvAssignment } from "./env-assignment.ts";
export { type GitPush, type GitRefTarget, parseRefspec } from "./git-push.ts";
export type {
  CapabilityRung,
  LadderEvent,
  LadderState,
  RungEvidence,
  Timestamp,
} from "./ladder/ladder-event.ts";
export { LadderReplay, replayLadder, rungOf } from "./ladder/replay-ladder.ts";
export { tightenLadder, withLocalLadder } from "./ladder/tighten-ladder.ts";
export {
  type ActionLevel,
  baseLevelOf,
  holdsAt,
  LEVELS,
  levelIndex,
  MAX_RUNG,
  type PolicyMode,
  RISKS,
  riskOfLevel,
  type ToolRisk,
  type Verdict,
} from "./levels.ts";
export { loadPolicyFile, parsePolicy, policyFromObject } from "./load-policy.ts";
export { PolicyError, type PolicyErrorCode, type PolicyErrorLocation } from "./policy-error.ts";
export { policyJsonSchema } from "./policy-json-schema.ts";
export { type LadderOverrides, ladderSchema, type PolicyFile, policyFileSchema } from "./policy-schema.ts";
export type {
  ApprovalsSpec,
  ApproverSpec,
  ArgKind,
  ArgSpec,
  CommandPredicate,
  Constraint,
  GitPredicate,
  LadderConfig,
  PathPredicate,
  PolicySource,
  RuleSpec,
  RuleWhen,
  ToolSpec,
  UrlPredicate,
} from "./policy-source.ts";
export {
  type AnchorHit,
  type AnchorKind,
  PROTECTED_ANCHOR_RULE,
  type ProtectedAnchor,
  type ProtectedAnchors,
} from "./protected-anchor.ts";
export { type ProposedCall, type ResolveContext, resolveCall } from "./resolve-call.ts";
export type { ResolvedPath } from "./resolve-path.ts";
export type { ResolvedAction } from "./resolved-action.ts";
export { BUILT_IN_SECRET_PATTERNS, containsSecret } from "./secret-patterns.ts";
export { analyzeShell, quoteShellWord, type ShellAnalysis, type ShellWord } from "./shell-analysis.ts";
export { classifyUrl, type UrlInfo } from "./url-info.ts";
export { visibility } from "./visibility.ts";
export { yamlLocator } from "./yaml-locator.ts";
