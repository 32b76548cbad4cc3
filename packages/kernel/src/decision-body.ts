import type { PartInput } from "@lodestar/envelope";
import type { PolicyDecision } from "@lodestar/policy";

/** A body part holding `value` at the envelope's own sensitivity. */
export const part = (value: unknown): PartInput => ({ value });

/** The decision envelope's body: everything the gate decided and why (ADR 0010). */
export function decisionBody(decision: PolicyDecision): Record<string, PartInput> {
  const body: Record<string, PartInput> = {
    verdict: part(decision.verdict),
    level: part(decision.level),
    risk: part(decision.risk),
    rule: part(decision.rule),
    reason: part(decision.reason),
    policyDigest: part(decision.policyDigest),
    capability: part(decision.capability),
    rung: part(decision.rung),
    mode: part(decision.mode),
  };
  if (decision.actionDigest !== undefined) body.actionDigest = part(decision.actionDigest);
  if (decision.constrainedBy !== undefined) body.constrainedBy = part(decision.constrainedBy);
  if (decision.anomaly !== undefined) body.anomaly = part(decision.anomaly);
  return body;
}
