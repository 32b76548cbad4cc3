import { z } from "zod";
import { level, reasonCode, sha256Hex } from "./body-fields.ts";

/**
 * Body of a `decision` envelope: the gate's verdict on one action (ADR 0010), not the approver's
 * signed decision (signed-decision.ts). A call refused before the policy ran (policy unavailable,
 * guard closing, kernel error) records only verdict, level, rule, reason and mode.
 */
export const decisionBodySchema = z.strictObject({
  verdict: z.enum(["allow", "deny", "hold"]),
  level,
  /** The rule id that decided, or a built-in such as `tool:<entry>`, `unknown-tool`, `policy-unavailable`. */
  rule: z.string().min(1).max(256),
  reason: z.string(),
  mode: z.enum(["enforce", "observe"]),
  risk: z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"]).optional(),
  policyDigest: sha256Hex.optional(),
  capability: z.string().optional(),
  rung: z.int().min(0).max(3).optional(),
  /** What an approval must bind (present when the call was classified). */
  actionDigest: sha256Hex.optional(),
  /** Ids of the constrain rules that rewrote the call. */
  constrainedBy: z.array(z.string()).optional(),
  /** The decision is evidence of misbehaviour (it demotes on the ladder). */
  anomaly: reasonCode.optional(),
});

export type DecisionBody = z.output<typeof decisionBodySchema>;
