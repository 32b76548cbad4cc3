import type { ActionLevel, Gate, GateResult, HoldProgress, ProposedCall, ToolRisk } from "@lodestar/kernel";

/** What the table says about one tool. */
export interface TableRule {
  risk?: ToolRisk;
  /** Default derived from risk: LOW L1, MEDIUM L2, HIGH L3, CRITICAL L4. */
  level?: ActionLevel;
  verdict: "allow" | "deny" | "hold-then-allow" | "hold-then-timeout";
  /** How long a hold waits before it is approved (hold-then-allow) or expires (hold-then-timeout). */
  holdMs?: number;
  /** The rule name reported in results. Default `table.<tool>`. */
  rule?: string;
  /** Rewrites the arguments on allow (a constrained call). */
  constrain?: (args: Record<string, unknown>) => Record<string, unknown>;
}

export interface TableGateOptions {
  tools: Record<string, TableRule>;
  /** For tools not in the table. Default: MEDIUM, deny (fail closed). */
  fallback?: TableRule;
  /** Opt in to listing HIGH tools. */
  allowHigh?: boolean;
}

const LEVEL_OF_RISK: Record<ToolRisk, ActionLevel> = { LOW: "L1", MEDIUM: "L2", HIGH: "L3", CRITICAL: "L4" };

/**
 * A stand-in Gate for developing the guard before the kernel exists: a lookup table, records in
 * memory, holds on timers. It keeps the Gate contract: CRITICAL never listed, HIGH only with
 * `allowHigh`, `evaluate` never throws, an aborted hold resolves to deny.
 */
export function tableGate(options: TableGateOptions): Gate {
  let seq = 0;
  const next = (prefix: string): string => `${prefix}-${++seq}`;
  const ruleFor = (tool: string): TableRule =>
    options.tools[tool] ??
    options.fallback ?? { risk: "MEDIUM", verdict: "deny", rule: "table.default-deny" };

  return {
    visibility(tool) {
      const risk = ruleFor(tool).risk ?? "MEDIUM";
      if (risk === "CRITICAL") return "hidden";
      if (risk === "HIGH" && options.allowHigh !== true) return "hidden";
      return "listed";
    },

    async evaluate(call: ProposedCall, evaluateOptions = {}): Promise<GateResult> {
      const entry = ruleFor(call.tool);
      const level = entry.level ?? LEVEL_OF_RISK[entry.risk ?? "MEDIUM"];
      const rule = entry.rule ?? `table.${call.tool}`;
      const decisionId = next("dec");
      const allow = (extra: Partial<GateResult> = {}): GateResult => ({
        verdict: "allow",
        level,
        rule,
        reason: `table allows ${call.tool}`,
        decisionId,
        ...(entry.constrain !== undefined && { args: entry.constrain(call.args) }),
        ...extra,
      });
      const deny = (reason: string, extra: Partial<GateResult> = {}): GateResult => ({
        verdict: "deny",
        level,
        rule,
        reason,
        decisionId,
        ...extra,
      });
      if (entry.verdict === "allow") return allow();
      if (entry.verdict === "deny") return deny(`table denies ${call.tool}`);

      const holdId = next("hold");
      const holdMs = entry.holdMs ?? 1_000;
      const expiresAt = new Date(Date.now() + holdMs).toISOString();
      const progress: HoldProgress = {
        holdId,
        level,
        expiresAt,
        message: `waiting for an approver for ${call.tool}`,
      };
      evaluateOptions.onProgress?.(progress);
      const outcome = await waitOrAbort(holdMs, evaluateOptions.signal);
      if (outcome === "aborted") {
        return deny("the caller cancelled while the hold waited", { holdId, rule: "hold.cancelled" });
      }
      return entry.verdict === "hold-then-allow"
        ? allow({ holdId, reason: "approved by table approver" })
        : deny("the hold expired without a decision", { holdId, rule: "hold.expired" });
    },

    async recordOutcome() {
      return { id: next("obs") };
    },

    async recordBelief() {
      return { id: next("bel") };
    },
  };
}

function waitOrAbort(ms: number, signal: AbortSignal | undefined): Promise<"elapsed" | "aborted"> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve("aborted");
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve("elapsed");
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve("aborted");
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
