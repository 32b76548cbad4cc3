import { anchorSetOf } from "./anchor-set.ts";
import { argValue, type Classified, stringList } from "./classify-args.ts";
import type { ToolPlan } from "./compile-policy.ts";
import type { AnchorScanInput } from "./find-anchor-hits.ts";
import type { ProtectedAnchors } from "./protected-anchor.ts";
import type { ResolvedPath } from "./resolve-path.ts";

const MAX_STRINGS = 10_000; // agent JSON: bound the walk, and count what is beyond it as unchecked
const MAX_DEPTH = 64;

/**
 * Gathers what the anchor rule must look at: every declared path, every command, and every other
 * string of the call at any depth (a tool the policy matches only by glob, or an argument it does
 * not declare, still gets a path to the server: `copy_file {from, to}`).
 */
export function anchorScanInput(
  spec: ProtectedAnchors | undefined,
  plan: ToolPlan | null,
  proposed: Readonly<Record<string, unknown>>,
  resolved: { workspace: string; cwd: string; paths: readonly ResolvedPath[]; classified: Classified | null },
): AnchorScanInput & { truncated: boolean } {
  const declared = plan?.spec.args ?? {};
  const paths: { arg: string; input: string }[] = [];
  for (const [name, argSpec] of Object.entries(declared)) {
    if (argSpec.kind !== "path") continue;
    for (const input of stringList(argValue(proposed, name, argSpec)) ?? []) paths.push({ arg: name, input });
  }
  const skip = new Set(
    Object.entries(declared)
      .filter(([, s]) => s.kind === "path" || s.kind === "command")
      .map(([name]) => name),
  );
  const others: { arg: string; value: string }[] = [];
  let truncated = false;
  const walk = (arg: string, value: unknown, depth: number): void => {
    if (others.length >= MAX_STRINGS || depth > MAX_DEPTH) {
      truncated = true;
      return;
    }
    if (typeof value === "string") others.push({ arg, value });
    else if (Array.isArray(value)) for (const v of value) walk(arg, v, depth + 1);
    else if (value !== null && typeof value === "object")
      for (const [k, v] of Object.entries(value)) {
        walk(arg, k, depth + 1);
        walk(arg, v, depth + 1);
      }
  };
  for (const [name, value] of Object.entries(proposed)) if (!skip.has(name)) walk(name, value, 0);
  const commands = (resolved.classified?.commands ?? []).map((command) => ({
    command,
    raw: plan === null ? undefined : argValue(proposed, command.arg, declared[command.arg]!),
  }));
  return {
    anchors: anchorSetOf(spec),
    workspace: resolved.workspace,
    cwd: resolved.cwd,
    readOnly: plan?.base === "L0",
    paths,
    pathBases: resolved.paths.map((p) => p.real),
    commands,
    others,
    truncated,
  };
}
