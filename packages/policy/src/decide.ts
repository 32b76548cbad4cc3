import { actionDigest } from "@lodestar/protocol";
import { applyConstraint } from "./apply-constraint.ts";
import type { Policy, ToolPlan } from "./compile-policy.ts";
import type { CompiledRule } from "./compile-rule.ts";
import type { DecideContext, PolicyDecision } from "./decision.ts";
import { describeAction } from "./explain.ts";
import { type ActionLevel, holdsAt, riskOfLevel, type ToolRisk } from "./levels.ts";
import { PROTECTED_ANCHOR_RULE } from "./protected-anchor.ts";
import type { ResolvedAction } from "./resolved-action.ts";

/**
 * The gate, deterministic and free of I/O: the same policy, resolved call and context always give
 * the same decision. Order: fail closed on anything unknown (tool, policy, argument), CRITICAL is
 * denied, constrain rules rewrite the call, then the strictest matching rule (deny > L4 … L0) or
 * the tool's default level decides; L4 always holds, otherwise levels above the rung hold. Never
 * throws: an internal error is a deny.
 */
export function decide(policy: Policy, resolved: ResolvedAction, ctx: DecideContext): PolicyDecision {
  try {
    return evaluate(policy, resolved, ctx);
  } catch (error) {
    return refuse(
      policy,
      resolved,
      ctx,
      "internal-error",
      `policy evaluation failed: ${(error as Error).message}`,
    );
  }
}

function evaluate(policy: Policy, resolved: ResolvedAction, ctx: DecideContext): PolicyDecision {
  if (resolved.policyDigest !== policy.digest) {
    return refuse(policy, resolved, ctx, "policy-mismatch", "the call was resolved under a different policy");
  }
  const plan = policy.planFor(resolved.tool);
  const anchorHits = resolved.anchorHits ?? [];
  const anchorDeny = anchorHits.find((h) => h.verdict === "deny");
  if (anchorDeny !== undefined) {
    // Built in, before any policy rule, and enforced in observe mode too: observe mode tries out a
    // policy, and a write to the pinned keys or a planted session log would void the very record
    // observe mode is for. No policy file can relax it.
    return {
      ...refuse(
        policy,
        resolved,
        ctx,
        PROTECTED_ANCHOR_RULE,
        `argument ${JSON.stringify(anchorDeny.arg)}: ${anchorDeny.why}; an agent never reaches Lodestar's trust anchors`,
        plan ?? undefined,
      ),
      mode: "enforce",
    };
  }
  // A command that cannot be proven not to name an anchor holds at L4, for a human to read.
  const anchorHold = anchorHits.find((h) => h.verdict === "hold");
  if (plan === null) {
    return refuse(
      policy,
      resolved,
      ctx,
      "unknown-tool",
      `tool ${JSON.stringify(resolved.tool)} is not in the policy (unknown tools are denied)`,
    );
  }
  if (plan.base === null) {
    return refuse(
      policy,
      resolved,
      ctx,
      "critical-tool",
      `${plan.spec.name} is a CRITICAL tool: it never runs`,
      plan,
    );
  }
  const bad = resolved.invalid[0];
  if (bad !== undefined) {
    return refuse(
      policy,
      resolved,
      ctx,
      "invalid-argument",
      `argument ${JSON.stringify(bad.arg)}: ${bad.reason}`,
      plan,
    );
  }
  let action = resolved;
  let constrainedBy: string[] | null = null;
  let notes: string[] | null = null;
  for (const rule of plan.constrainRules) {
    if (!rule.test(action, "any")) continue;
    const result = applyConstraint(rule.spec.constrain!, plan.spec, action);
    if (result.ok) {
      action = result.action;
      constrainedBy = [...(constrainedBy ?? []), rule.spec.id];
    } else {
      notes = [...(notes ?? []), `constraint ${rule.spec.id} not applied (${result.why})`];
    }
  }
  let winner: CompiledRule | null = null;
  for (const { rule, q } of plan.levelRules) {
    if (rule.test(action, q) && (q === "any" || laxRuleMayApply(action))) {
      winner = rule;
      break;
    }
  }
  const rung = clampRung(ctx.rung, policy.source.ladder.maxRung);
  let decision: PolicyDecision;
  if (winner?.outcome === "deny") {
    const spec = winner.spec;
    decision = {
      verdict: "deny",
      level: plan.base,
      risk: plan.spec.risk,
      rule: spec.id,
      reason: join(spec.reason ?? `denied by rule ${spec.id}`, describeAction(action, spec.when), notes),
      policyDigest: policy.digest,
      mode: policy.mode,
      capability: plan.capability,
      rung,
    };
  } else {
    const level = anchorHold ? "L4" : ((winner?.outcome as ActionLevel | undefined) ?? plan.base);
    const rule = anchorHold
      ? PROTECTED_ANCHOR_RULE
      : winner === null
        ? `tool:${plan.spec.name}`
        : winner.spec.id;
    const matched = anchorHold
      ? `argument ${JSON.stringify(anchorHold.arg)}: ${anchorHold.why}; it may reach Lodestar's trust anchors, so it holds at L4`
      : winner === null
        ? join(
            `no rule matched; ${plan.spec.risk} tool ${plan.spec.name} defaults to ${level}`,
            describeAction(action),
            null,
          )
        : join(
            winner.spec.reason ?? `rule ${rule} sets ${level}`,
            describeAction(action, winner.spec.when),
            null,
          );
    const hold = holdsAt(level, rung);
    const gate =
      level === "L4"
        ? "L4 always holds"
        : hold
          ? `${level} is above rung ${rung} (runs up to L${rung}), so it holds`
          : `${level} runs at rung ${rung}`;
    decision = {
      verdict: hold ? "hold" : "allow",
      level,
      risk: riskOfLevel(level),
      rule,
      reason: join(matched, gate, notes),
      policyDigest: policy.digest,
      mode: anchorHold ? "enforce" : policy.mode,
      capability: plan.capability,
      rung,
    };
    if (hold) decision = applyHoldTerms(policy, decision, ctx);
  }
  if (constrainedBy !== null) {
    decision.constrainedArgs = action.args;
    decision.constrainedBy = constrainedBy;
    decision.reason = `rewritten by ${constrainedBy.join(", ")}; ${decision.reason}`;
  }
  if (ctx.session !== undefined) {
    try {
      decision.actionDigest = actionDigest({
        session: ctx.session,
        tool: action.tool,
        args: action.args,
        cwd: action.cwd,
        level: decision.level,
        policyDigest: policy.digest,
      });
    } catch (error) {
      return refuse(
        policy,
        resolved,
        ctx,
        "invalid-argument",
        `arguments are not canonical JSON: ${(error as Error).message}`,
        plan,
      );
    }
  }
  return decision;
}

/**
 * A rule that lowers a call below its tool's default never applies to a call that has an
 * outside-workspace path or a command that is not plain words, whatever its own predicates say:
 * `git push origin feature/x; rm -rf /` must not ride a rule about pushes to feature branches.
 */
function laxRuleMayApply(action: ResolvedAction): boolean {
  return action.paths.every((p) => p.inside) && action.commands.every((c) => c.shell.plain);
}

function applyHoldTerms(policy: Policy, decision: PolicyDecision, ctx: DecideContext): PolicyDecision {
  const { approvals } = policy.source;
  const { windowMs, maxHolds } = approvals.rateLimit;
  let recent = 0;
  for (const t of ctx.recentHolds ?? []) if (ctx.now - t < windowMs) recent++;
  if (recent >= maxHolds) {
    // Threat: flooding the approver with holds until one is waved through.
    return {
      ...decision,
      verdict: "deny",
      rule: "hold-rate-limit",
      anomaly: "hold-rate-limit",
      reason: `${recent} holds in the last ${windowMs / 1000}s reach the limit of ${maxHolds}; denied (would have held: ${decision.reason})`,
    };
  }
  const ttlMs = approvals.holdTtlMs[decision.level];
  const approvers = approvals.approvers[decision.level];
  decision.hold = {
    ttlMs,
    expiresAt: ctx.now + ttlMs,
    approverKeys: approvers.keys ?? null,
    quorum: approvers.quorum,
    selfApproval: approvals.selfApproval,
  };
  return decision;
}

function clampRung(rung: number, maxRung: number): number {
  // A rung that is not a small integer is a caller bug: treat it as the lowest (strictest) rung.
  if (!Number.isInteger(rung) || rung < 0) return 0;
  return Math.min(rung, maxRung);
}

function refuse(
  policy: Policy,
  resolved: ResolvedAction,
  ctx: DecideContext,
  rule: string,
  reason: string,
  plan?: ToolPlan,
): PolicyDecision {
  const risk: ToolRisk = plan?.spec.risk ?? "CRITICAL";
  return {
    verdict: "deny",
    level: plan?.base ?? "L4",
    risk,
    rule,
    reason,
    policyDigest: policy.digest,
    mode: policy.mode,
    capability: plan?.capability ?? resolved.capability,
    rung: clampRung(ctx.rung, policy.source.ladder.maxRung),
  };
}

function join(head: string, detail: string, notes: readonly string[] | null): string {
  let out = detail === "" ? head : `${head}; ${detail}`;
  if (notes !== null) out += `; ${notes.join("; ")}`;
  return out;
}
