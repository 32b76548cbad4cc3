import type { Policy } from "./compile-policy.ts";

/**
 * How a tool may be shown to an MCP client's `tools/list`: CRITICAL never (an agent cannot ask for
 * what it never sees), HIGH only when the operator opts in, unknown tools never (they are denied).
 */
export function visibility(
  policy: Policy,
  tool: string,
  options: { allowHigh?: boolean } = {},
): "listed" | "hidden" {
  const spec = policy.toolSpec(tool);
  if (spec === null || spec.risk === "CRITICAL") return "hidden";
  if (spec.risk === "HIGH" && options.allowHigh !== true) return "hidden";
  return "listed";
}
