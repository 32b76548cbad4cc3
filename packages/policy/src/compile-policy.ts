import { type CompiledRule, compileRule, type Quantifier } from "./compile-rule.ts";
import { policyDigest } from "./digest.ts";
import { compileGlob, isGlob, type Matcher } from "./glob.ts";
import { type ActionLevel, baseLevelOf, levelIndex, type PolicyMode } from "./levels.ts";
import type { PolicySource, ToolSpec } from "./policy-source.ts";

/** Everything `decide` needs about one tool name, computed once and cached. */
export interface ToolPlan {
  readonly spec: ToolSpec;
  readonly capability: string;
  /** Level when no rule matches; null for a CRITICAL tool (always denied). */
  readonly base: ActionLevel | null;
  /** Constrain rules for this tool, in file order. */
  readonly constrainRules: readonly CompiledRule[];
  /** Level and deny rules, strictest first (deny, L4 … L0), file order within a level. */
  readonly levelRules: readonly { readonly rule: CompiledRule; readonly q: Quantifier }[];
}

const MAX_CACHED_PLANS = 4096; // tool names come from agents: bound what they can make us remember
const MAX_TOOL_NAME = 256; // the longest name a policy file can declare

/** A validated, normalised and compiled policy. Create with parsePolicy / loadPolicyFile / policyFromObject. */
export class Policy {
  readonly source: PolicySource;
  readonly digest: string;
  readonly #exact = new Map<string, ToolSpec>();
  readonly #globs: [Matcher, ToolSpec][] = [];
  readonly #rules: CompiledRule[];
  readonly #plans = new Map<string, ToolPlan | null>();

  constructor(source: PolicySource) {
    this.source = deepFreeze(source);
    this.digest = policyDigest(this.source);
    for (const tool of source.tools) {
      if (isGlob(tool.name)) this.#globs.push([compileGlob(tool.name), tool]);
      else this.#exact.set(tool.name, tool);
    }
    this.#rules = source.rules.map(compileRule);
    for (const name of this.#exact.keys()) this.planFor(name); // precompile the declared tools
  }

  get mode(): PolicyMode {
    return this.source.mode;
  }

  /** The tool's entry: an exact name wins, then globs in file order; null = unknown (denied). */
  toolSpec(tool: string): ToolSpec | null {
    if (typeof tool !== "string" || tool === "" || tool.length > MAX_TOOL_NAME) return null;
    return this.#exact.get(tool) ?? this.#globs.find(([match]) => match(tool))?.[1] ?? null;
  }

  planFor(tool: string): ToolPlan | null {
    // Tool names come from agents: anything but a sane string is unknown, and is never cached.
    if (typeof tool !== "string" || tool === "" || tool.length > MAX_TOOL_NAME) return null;
    const cached = this.#plans.get(tool);
    if (cached !== undefined) return cached;
    const spec = this.toolSpec(tool);
    const plan = spec === null ? null : this.#buildPlan(tool, spec);
    if (this.#plans.size < MAX_CACHED_PLANS) this.#plans.set(tool, plan);
    return plan;
  }

  #buildPlan(tool: string, spec: ToolSpec): ToolPlan {
    const base = spec.risk === "CRITICAL" ? null : baseLevelOf(spec.risk);
    const rules = this.#rules.filter((r) => r.appliesTo(tool));
    const levelRules = rules
      .filter((r) => r.outcome !== null)
      .sort((a, b) => rank(b.outcome!) - rank(a.outcome!) || a.index - b.index)
      .map((rule) => ({ rule, q: quantifierFor(rule.outcome!, base) }));
    return {
      spec,
      capability: spec.capability ?? tool,
      base,
      constrainRules: rules.filter((r) => r.outcome === null),
      levelRules,
    };
  }
}

export function compilePolicy(source: PolicySource): Policy {
  return new Policy(source);
}

function rank(outcome: ActionLevel | "deny"): number {
  return outcome === "deny" ? 5 : levelIndex(outcome);
}

/** A rule that lowers the level below the tool's default must hold for every value ("all"). */
function quantifierFor(outcome: ActionLevel | "deny", base: ActionLevel | null): Quantifier {
  if (outcome === "deny" || base === null) return "any";
  return levelIndex(outcome) < levelIndex(base) ? "all" : "any";
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
