/**
 * Lodestar's own trust anchors, as the kernel hands them to `resolveCall`: the home (config,
 * policy, pinned keys, operator key, sessions, approvals), the approver key store, and any other
 * file whose content the guard trusts. Threat: an agent that can write `pinned-keys.json` pins its
 * own approver key; one that can write `sessions/x.ndjson` plants the history the ladder replays;
 * one that can read `keys/*.key` signs its own approvals. No policy can let a call reach them.
 */
export type AnchorKind =
  | "home"
  | "config"
  | "policy"
  | "pinned-keys"
  | "operator-keys"
  | "key-store"
  | "sessions"
  | "approvals";

export interface ProtectedAnchor {
  readonly kind: AnchorKind;
  /** Absolute path; it need not exist yet (a key store is created on first use). */
  readonly path: string;
}

export interface ProtectedAnchors {
  readonly anchors: readonly ProtectedAnchor[];
  /**
   * The OS user's home directory: MCP servers and shells expand `~` to it, so `~/…` in an argument
   * names a path there. Without it, any `~` in a shell command counts as unprovable.
   */
  readonly userHome?: string;
}

/** Id of the built-in rule, recorded as the decision's rule like a policy rule id. */
export const PROTECTED_ANCHOR_RULE = "protected-anchor";

/**
 * How one argument reaches an anchor. `deny`: it names the anchor, something inside it, or (for a
 * tool that can change things) a folder holding it. `hold`: a shell command whose words cannot be
 * proven not to name one (expansions, a folder that holds one): it holds at L4, for a human.
 */
export interface AnchorHit {
  readonly arg: string;
  readonly verdict: "deny" | "hold";
  readonly anchor: AnchorKind | null;
  /** Why, in words, naming the anchor path when there is one. */
  readonly why: string;
}
