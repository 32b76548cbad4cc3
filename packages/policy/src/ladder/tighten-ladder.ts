import { compilePolicy, type Policy } from "../compile-policy.ts";
import { fieldName } from "../field-path.ts";
import { PolicyError } from "../policy-error.ts";
import { type LadderOverrides, ladderSchema } from "../policy-schema.ts";
import type { LadderConfig } from "../policy-source.ts";

/**
 * Local configuration may tighten the ladder, never relax it: each value becomes the stricter of
 * the two — lower initialRung and maxRung, higher promotion thresholds, larger demotion steps.
 * A looser local value is ignored, so a compromised or careless local file cannot speed promotion.
 */
export function tightenLadder(base: LadderConfig, local: LadderOverrides | undefined): LadderConfig {
  const parsed = ladderSchema.safeParse(local ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = ["ladder", ...issue.path.filter((p): p is string | number => typeof p !== "symbol")];
    throw new PolicyError("invalid-field", `local ladder override: ${issue.message}`, {
      field: fieldName(path),
    });
  }
  const l = parsed.data;
  const maxRung = Math.min(base.maxRung, l.maxRung ?? base.maxRung);
  const p = l.promotion ?? {};
  const d = l.demotion ?? {};
  return {
    initialRung: Math.min(base.initialRung, l.initialRung ?? base.initialRung, maxRung),
    maxRung,
    promotion: {
      minApprovedOutcomes: Math.max(base.promotion.minApprovedOutcomes, p.minApprovedOutcomes ?? 0),
      minApprovalRate: Math.max(base.promotion.minApprovalRate, p.minApprovalRate ?? 0),
      minDays: Math.max(base.promotion.minDays, p.minDays ?? 0),
    },
    demotion: {
      deny: Math.max(base.demotion.deny, d.deny ?? 0),
      incident: Math.max(base.demotion.incident, d.incident ?? 0),
      anomaly: Math.max(base.demotion.anomaly, d.anomaly ?? 0),
    },
  };
}

/** The policy with its ladder tightened by local overrides (a new digest: what runs has changed). */
export function withLocalLadder(policy: Policy, local: LadderOverrides | undefined): Policy {
  return compilePolicy({
    ...structuredClone(policy.source),
    ladder: tightenLadder(policy.source.ladder, local),
  });
}
