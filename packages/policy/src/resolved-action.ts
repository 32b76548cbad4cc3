import type { Classified } from "./classify-args.ts";
import type { AnchorHit } from "./protected-anchor.ts";
import type { ResolvedPath } from "./resolve-path.ts";

/**
 * A proposed call with every argument resolved: the only input `decide` needs. It is plain data,
 * produced by `resolveCall` (which does the I/O), so deciding is deterministic and replayable.
 */
export interface ResolvedAction extends Classified {
  readonly tool: string;
  /** The policy's tool entry that matched (exact name or glob); null when the tool is unknown. */
  readonly toolPattern: string | null;
  /** Trust-ladder key for this call. */
  readonly capability: string;
  /** The arguments exactly as the agent sent them (after any constraint rewrite). */
  readonly proposed: Readonly<Record<string, unknown>>;
  /** Real (symlink-free) workspace root and working directory. */
  readonly workspace: string;
  readonly cwd: string;
  readonly paths: readonly ResolvedPath[];
  /** Digest of the policy this was resolved under; `decide` refuses a mismatch. */
  readonly policyDigest: string;
  /** Arguments that reach a Lodestar trust anchor (built-in rule, decided before any policy rule). */
  readonly anchorHits?: readonly AnchorHit[];
}
