/** Sensitivity levels, lowest first. The order is the redaction order (protocol §4). */
export const SENSITIVITIES = ["public", "internal", "confidential", "secret"] as const;

export type Sensitivity = (typeof SENSITIVITIES)[number];

/** Rank of a level: public 0 … secret 3. */
export function sensitivityRank(level: Sensitivity): number {
  return SENSITIVITIES.indexOf(level);
}

/** True when `level` must be hidden from a reader cleared only up to `ceiling`. */
export function isAboveCeiling(level: Sensitivity, ceiling: Sensitivity): boolean {
  return sensitivityRank(level) > sensitivityRank(ceiling);
}
