export type { Gate, GateResult, ProposedCall, HoldProgress, ToolOutcome, Verdict, ActionLevel, ToolRisk, Sensitivity } from "./gate.ts";
