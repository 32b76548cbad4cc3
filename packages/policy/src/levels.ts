import type { ActionLevel } from "@lodestar/protocol";

/** Action level: L0 (read-only) … L4 (irreversible or production-affecting); the wire type lives in the protocol. */
export type { ActionLevel };

/** Tool risk tier, declared per tool in the policy file. */
export type ToolRisk = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
export type PolicyMode = "enforce" | "observe";
export type Verdict = "allow" | "deny" | "hold";

export const LEVELS: readonly ActionLevel[] = ["L0", "L1", "L2", "L3", "L4"];
export const RISKS: readonly ToolRisk[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
export const MAX_RUNG = 3;

export function levelIndex(level: ActionLevel): number {
  return level.charCodeAt(1) - 48;
}

/**
 * The level a call to a tool gets when no rule matches: LOW → L0, MEDIUM → L2, HIGH → L3.
 * With the default rung (2) this is exactly the spec's default gate: LOW and MEDIUM run, HIGH holds.
 * CRITICAL has no level: it is denied before levels are considered.
 */
export function baseLevelOf(risk: Exclude<ToolRisk, "CRITICAL">): ActionLevel {
  return risk === "LOW" ? "L0" : risk === "MEDIUM" ? "L2" : "L3";
}

/** The risk an action carries once its level is known: L0–L1 LOW, L2 MEDIUM, L3–L4 HIGH. */
export function riskOfLevel(level: ActionLevel): ToolRisk {
  const i = levelIndex(level);
  return i <= 1 ? "LOW" : i === 2 ? "MEDIUM" : "HIGH";
}

/**
 * Whether a call at `level` needs a human approval for an agent at `rung` (0–3).
 * L4 always holds; below that, rung r runs levels up to Lr without a hold.
 */
export function holdsAt(level: ActionLevel, rung: number): boolean {
  const i = levelIndex(level);
  return i >= 4 || i > rung;
}
