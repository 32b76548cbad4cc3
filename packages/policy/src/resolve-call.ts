import { realpathSync } from "node:fs";
import path from "node:path";
import { anchorScanInput } from "./anchor-scan-input.ts";
import { argValue, classifyArgs, type InvalidArg, stringList } from "./classify-args.ts";
import type { Policy, ToolPlan } from "./compile-policy.ts";
import { findAnchorHits } from "./find-anchor-hits.ts";
import type { AnchorHit, ProtectedAnchors } from "./protected-anchor.ts";
import { PathResolutionError, type ResolvedPath, resolvePath } from "./resolve-path.ts";
import type { ResolvedAction } from "./resolved-action.ts";

export interface ProposedCall {
  tool: string;
  args: Record<string, unknown>;
}

export interface ResolveContext {
  /** Workspace root; must exist. */
  workspace: string;
  /** Working directory of the call (default: the workspace); relative values are workspace-relative. */
  cwd?: string;
  /**
   * Lodestar's trust anchors (home, key store, session logs): any call that reaches one is decided
   * by the built-in protected-anchor rule before any policy rule. The kernel always passes them.
   */
  protected?: ProtectedAnchors;
}

/**
 * Does all the I/O a decision needs (realpath of the workspace, cwd and every path argument,
 * following symlinks) and classifies every declared argument. Synchronous local syscalls, see
 * resolvePath. Agent input never makes this throw:
 * what cannot be resolved is recorded in `invalid` and denied by `decide`.
 */
export function resolveCall(policy: Policy, call: ProposedCall, ctx: ResolveContext): ResolvedAction {
  const workspace = realpathSync.native(ctx.workspace);
  const cwd = realpathSync.native(path.resolve(workspace, ctx.cwd ?? "."));
  const proposed: Record<string, unknown> =
    call.args !== null && typeof call.args === "object" && !Array.isArray(call.args) ? call.args : {};
  const tool = typeof call.tool === "string" ? call.tool : "";
  const plan = policy.planFor(tool);
  const base = { tool, proposed, workspace, cwd, policyDigest: policy.digest };
  if (plan === null) {
    return {
      ...base,
      anchorHits: anchorHits(ctx, null, proposed, { workspace, cwd, paths: [], classified: null }),
      toolPattern: null,
      capability: tool,
      args: { ...proposed },
      paths: [],
      commands: [],
      urls: [],
      git: [],
      invalid: [],
    };
  }
  const paths: ResolvedPath[] = [];
  const failures: InvalidArg[] = [];
  for (const [name, spec] of Object.entries(plan.spec.args)) {
    if (spec.kind !== "path") continue;
    for (const input of stringList(argValue(proposed, name, spec)) ?? []) {
      try {
        paths.push(resolvePath(name, input, workspace, cwd));
      } catch (error) {
        if (!(error instanceof PathResolutionError)) throw error;
        failures.push({ arg: name, reason: error.message });
      }
    }
  }
  const classified = classifyArgs(plan.spec, proposed, paths);
  return {
    ...base,
    ...classified,
    anchorHits: anchorHits(ctx, plan, proposed, { workspace, cwd, paths, classified }),
    toolPattern: plan.spec.name,
    capability: plan.capability,
    paths,
    invalid: [...failures, ...classified.invalid],
  };
}

function anchorHits(
  ctx: ResolveContext,
  plan: ToolPlan | null,
  proposed: Readonly<Record<string, unknown>>,
  resolved: Parameters<typeof anchorScanInput>[3],
): AnchorHit[] {
  if (ctx.protected === undefined || ctx.protected.anchors.length === 0) return [];
  const input = anchorScanInput(ctx.protected, plan, proposed, resolved);
  const hits = findAnchorHits(input);
  if (input.truncated)
    hits.push({ arg: "*", verdict: "hold", anchor: null, why: "the call has more strings than are checked" });
  return hits;
}
