import { realpathSync } from "node:fs";
import path from "node:path";
import { argValue, classifyArgs, type InvalidArg, stringList } from "./classify-args.ts";
import type { Policy } from "./compile-policy.ts";
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
    toolPattern: plan.spec.name,
    capability: plan.capability,
    paths,
    invalid: [...failures, ...classified.invalid],
  };
}
