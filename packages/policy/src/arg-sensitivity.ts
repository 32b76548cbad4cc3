import type { ArgLevel, ArgSensitivityRule, SensitivitySpec } from "./arg-sensitivity-source.ts";
import type { Policy } from "./compile-policy.ts";
import { hasEnvAssignment } from "./env-assignment.ts";
import { compileGlobs, type Matcher } from "./glob.ts";
import { containsSecret, SECRET_KEY_NAME } from "./secret-patterns.ts";

interface CompiledArgRule {
  readonly rule: ArgSensitivityRule;
  readonly tool: Matcher;
  readonly arg: Matcher | null;
}

interface CompiledSensitivity {
  readonly rules: readonly CompiledArgRule[];
  readonly extra: readonly RegExp[];
}

const EMPTY: CompiledSensitivity = { rules: [], extra: [] };
const compiled = new WeakMap<Policy, CompiledSensitivity>();

/**
 * The level each argument of a call must be recorded at, for the arguments above the envelope's
 * own `internal` level (finding 10: a `write_file` content, an HTTP header or `FOO=secret cmd`
 * recorded at `internal` would leave the machine with `lodestar ship`). An argument gets the
 * highest level of the `sensitivity.args` rules that match it, and `secret` when it contains
 * anything that looks like a credential (built-in patterns plus the policy's `secretPatterns`).
 *
 * Only what is recorded changes: the action digest still binds the literal arguments, and the
 * level of the call is decided by the rules as before. With no policy (it failed to load), the
 * built-in secret patterns still apply. Pure and total: agent input never makes this throw.
 */
export function argSensitivity(
  policy: Policy | undefined,
  tool: string,
  args: Readonly<Record<string, unknown>>,
): Record<string, ArgLevel> {
  const { rules, extra } = policy === undefined ? EMPTY : compiledFor(policy);
  const applicable = typeof tool === "string" ? rules.filter((r) => r.tool(tool)) : [];
  const levels: Record<string, ArgLevel> = {};
  if (args === null || typeof args !== "object") return levels;
  for (const name of Object.keys(args)) {
    const value = args[name];
    let level: ArgLevel | undefined;
    if (SECRET_KEY_NAME.test(name) || containsSecret(value, extra)) level = "secret";
    else {
      for (const { rule, arg } of applicable) {
        if (arg !== null && !arg(name)) continue;
        if (rule.envAssignments && !hasEnvAssignment(value)) continue;
        if (rule.level === "secret") {
          level = "secret";
          break;
        }
        level = "confidential";
      }
    }
    // Own keys only; `__proto__` as an argument name becomes an ordinary key of a null-prototype map.
    if (level !== undefined)
      Object.defineProperty(levels, name, { value: level, enumerable: true, writable: true });
  }
  return levels;
}

function compiledFor(policy: Policy): CompiledSensitivity {
  let found = compiled.get(policy);
  if (found === undefined) {
    found = compile(policy.source.sensitivity);
    compiled.set(policy, found);
  }
  return found;
}

function compile(spec: SensitivitySpec | undefined): CompiledSensitivity {
  if (spec === undefined) return EMPTY;
  return {
    rules: spec.args.map((rule) => ({
      rule,
      tool: compileGlobs(rule.tool),
      arg: rule.arg === undefined ? null : compileGlobs(rule.arg),
    })),
    // Validated when the policy was normalised (normalize-sensitivity.ts).
    extra: spec.secretPatterns.map((p) => new RegExp(p, "u")),
  };
}
