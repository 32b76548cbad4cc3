import type { ActionLevel, PolicyMode, ToolRisk, Verdict } from "./levels.ts";

/** Input to `decide` that is not part of the call: who asks, at what rung, and when. */
export interface DecideContext {
  agent: string;
  /** The agent's rung (0–3) for this call's capability, from replayLadder. Invalid values count as 0. */
  rung: number;
  /** Epoch milliseconds: decide reads no clock. */
  now: number;
  /** Epoch ms of this agent's recent holds (for the hold rate limit). */
  recentHolds?: readonly number[];
  /** When given, the decision carries the action digest for this session. */
  session?: string;
}

/** What a hold requires before the call may run (protocol §5). */
export interface HoldTerms {
  ttlMs: number;
  expiresAt: number;
  /** Pinned key names that may approve; null = any pinned approver key authorised for the level. */
  approverKeys: readonly string[] | null;
  quorum: number;
  selfApproval: boolean;
}

export interface PolicyDecision {
  verdict: Verdict;
  level: ActionLevel;
  risk: ToolRisk;
  /** Id of the rule that decided, or a built-in: unknown-tool, critical-tool, invalid-argument,
   *  policy-mismatch, hold-rate-limit, internal-error, or `tool:<entry>` for the tool's default. */
  rule: string;
  reason: string;
  policyDigest: string;
  mode: PolicyMode;
  capability: string;
  /** The rung actually applied (clamped to the policy's maxRung). */
  rung: number;
  actionDigest?: string;
  /** Present when constrain rules rewrote the call: the resolved arguments to run instead. */
  constrainedArgs?: Record<string, unknown>;
  constrainedBy?: string[];
  hold?: HoldTerms;
  /** Set when the decision itself is evidence of misbehaviour (it demotes on the ladder). */
  anomaly?: "hold-rate-limit";
}
