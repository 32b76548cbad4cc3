import type { PartInput } from "@lodestar/envelope";
import { argSensitivity, containsSecret, type Policy, type PolicyDecision } from "@lodestar/policy";
import { type ArgsBase, splitArgs } from "@lodestar/protocol";

/** A body part holding `value` at the envelope's own sensitivity. */
export const part = (value: unknown): PartInput => ({ value });

/**
 * The decision envelope's body: everything the gate decided and why (ADR 0010). The reason quotes
 * the call (`plain command "FOO=secret cmd"`, a path, a URL), so when the action recorded any
 * argument above `internal` (`actionBody`), the reason is recorded at the highest such level too:
 * redacting to `internal` must not leak through the explanation what it hides in the arguments.
 */
export function decisionBody(
  decision: PolicyDecision,
  actionBody: Readonly<Record<string, PartInput>> = {},
): Record<string, PartInput> {
  const raised = highestRaised(actionBody);
  const body: Record<string, PartInput> = {
    verdict: part(decision.verdict),
    level: part(decision.level),
    risk: part(decision.risk),
    rule: part(decision.rule),
    reason: raised === undefined ? part(decision.reason) : { value: decision.reason, s: raised },
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

function highestRaised(body: Readonly<Record<string, PartInput>>): "confidential" | "secret" | undefined {
  let level: "confidential" | undefined;
  for (const p of Object.values(body)) {
    if (p.s === "secret") return "secret";
    if (p.s === "confidential") level = "confidential";
  }
  return level;
}

/**
 * A call's arguments as body parts: those the policy (or a built-in secret pattern) raises above
 * the envelope's `internal` level each in their own `<base>.<name>` part at that level, the rest in
 * `<base>` (finding 10; ADR 0020). With no policy the built-in patterns still apply.
 */
export function argParts(
  base: ArgsBase,
  tool: string,
  args: Readonly<Record<string, unknown>>,
  policy: Policy | undefined,
): Record<string, PartInput> {
  // The MCP layer hands the kernel an object; anything else is recorded whole, secret if it looks so.
  if (args === null || typeof args !== "object" || Array.isArray(args))
    return { [base]: containsSecret(args) ? { value: args, s: "secret" } : part(args) };
  return splitArgs(base, args, argSensitivity(policy, tool, args));
}
