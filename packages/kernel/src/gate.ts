// The contract between the kernel and whatever sits in front of a tool (the MCP proxy, the
// in-process library API, governed tools). The guard depends on this shape only.

export type Verdict = "allow" | "deny";
export type ActionLevel = "L0" | "L1" | "L2" | "L3" | "L4";
export type ToolRisk = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
export type Sensitivity = "public" | "internal" | "confidential" | "secret";

/** What the agent proposed. `args` are exactly what the agent sent; the kernel resolves them. */
export interface ProposedCall {
  tool: string;
  args: Record<string, unknown>;
  /** Optional rationale the agent attached (MCP `_meta.lodestar`). Recorded as a belief. */
  rationale?: { statement: string; confidence?: number; cites?: string[] };
}

/** Progress while a call waits on a hold, so the client can show it and keep its timeout alive. */
export interface HoldProgress {
  holdId: string;
  level: ActionLevel;
  expiresAt: string;
  message: string;
}

/** The kernel's final answer for one call: run it, or refuse it (with the rule and reason). */
export interface GateResult {
  verdict: Verdict;
  level: ActionLevel;
  rule: string;
  reason: string;
  /** Id of the decision envelope; outcomes cite it. */
  decisionId: string;
  /** Set when the verdict came from a hold. */
  holdId?: string;
  /** Observe mode: the call runs even though `wouldHaveBeen` says otherwise. */
  wouldHaveBeen?: "allow" | "deny" | "hold";
  /** When the policy constrained the call, the rewritten arguments to run instead. */
  args?: Record<string, unknown>;
}

export interface ToolOutcome {
  ok: boolean;
  /** The tool's result (or error), recorded as an observation. */
  content: unknown;
  sensitivity?: Sensitivity;
}

export interface Gate {
  /** How a tool may be shown to an MCP client: CRITICAL never, HIGH only when opted in. */
  visibility(tool: string): "listed" | "hidden";
  /** Decide, record, and (for a hold) wait for a verified decision or the TTL. Never throws: errors deny. */
  evaluate(
    call: ProposedCall,
    options?: { signal?: AbortSignal; onProgress?: (p: HoldProgress) => void },
  ): Promise<GateResult>;
  /** Record what the tool returned, linked to the decision that let it run. */
  recordOutcome(decisionId: string, outcome: ToolOutcome): Promise<{ id: string }>;
  /** Record a belief the agent stated (lodestar_note), citing observation ids. */
  recordBelief(belief: { statement: string; confidence?: number; cites?: string[] }): Promise<{ id: string }>;
}
