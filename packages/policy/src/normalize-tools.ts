import { compileGlob, isGlob } from "./glob.ts";
import { type Locate, raise } from "./locate.ts";
import type { PolicyFile } from "./policy-schema.ts";
import type { ArgKind, ArgSpec, ToolSpec } from "./policy-source.ts";

const BOOLEAN_KINDS: readonly ArgKind[] = ["git-force"];

export function normalizeTools(tools: PolicyFile["tools"], locate: Locate): ToolSpec[] {
  const out: ToolSpec[] = [];
  for (const [name, spec] of Object.entries(tools)) {
    if (isGlob(name)) {
      try {
        compileGlob(name);
      } catch (error) {
        raise(locate, "invalid-pattern", `invalid tool pattern: ${(error as Error).message}`, [
          "tools",
          name,
        ]);
      }
    }
    const args: Record<string, ArgSpec> = {};
    for (const [arg, raw] of Object.entries(spec.args ?? {})) {
      const argSpec: ArgSpec = typeof raw === "string" ? { kind: raw } : { kind: raw.kind };
      if (typeof raw !== "string" && raw.default !== undefined) {
        const wantsBoolean = BOOLEAN_KINDS.includes(raw.kind);
        if (typeof raw.default !== (wantsBoolean ? "boolean" : "string")) {
          const expected = wantsBoolean ? "a boolean" : "a string";
          raise(locate, "invalid-field", `default for a ${raw.kind} argument must be ${expected}`, [
            "tools",
            name,
            "args",
            arg,
            "default",
          ]);
        }
        argSpec.default = raw.default;
      }
      args[arg] = argSpec;
    }
    const tool: ToolSpec = { name, risk: spec.risk, args };
    if (spec.capability !== undefined) tool.capability = spec.capability;
    if (spec.description !== undefined) tool.description = spec.description;
    out.push(tool);
  }
  return out;
}
