export type { DecisionRejectionCode } from "./decision-rejection.ts";
export type {
  ActionLevel,
  Gate,
  GateResult,
  HoldProgress,
  ProposedCall,
  Sensitivity,
  ToolOutcome,
  ToolRisk,
  Verdict,
} from "./gate.ts";
export type { LodestarConfig } from "./home/lodestar-config.ts";
export { lodestarConfigSchema } from "./home/lodestar-config.ts";
export type { LodestarHome } from "./home/lodestar-home.ts";
export { assertSessionName, findHomeRoot, HOME_DIR_NAME, homePaths, loadHome } from "./home/lodestar-home.ts";
export type { YamlIssue } from "./home/yaml-fields.ts";
export { formatYamlIssues, parseYamlWith } from "./home/yaml-fields.ts";
export type { KernelErrorCode } from "./kernel-error.ts";
export { KernelError } from "./kernel-error.ts";
export type { SignedDecision, UnsignedDecision } from "./signed-decision.ts";
export { signDecision, signedDecisionSchema } from "./signed-decision.ts";
export type {
  DecisionVerification,
  HoldRecord,
  TrustedKey,
  VerifyDecisionContext,
} from "./verify-decision.ts";
export { decisionIdOf, verifyDecision } from "./verify-decision.ts";
