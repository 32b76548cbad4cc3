/** How far-reaching an action is: L0 read-only … L4 irreversible or production-affecting (protocol §6). */
export type ActionLevel = "L0" | "L1" | "L2" | "L3" | "L4";

export const ACTION_LEVELS: readonly ActionLevel[] = ["L0", "L1", "L2", "L3", "L4"];
