import type { ArgSensitivityRule, SensitivitySpec } from "./arg-sensitivity-source.ts";
import type { FieldPath } from "./field-path.ts";
import { compileGlob } from "./glob.ts";
import { type Locate, raise } from "./locate.ts";
import type { PolicyFile } from "./policy-schema.ts";

const asList = (v: string | string[]): string[] => (typeof v === "string" ? [v] : [...v]);

/** The `sensitivity:` section, validated: rule ids unique, every glob and pattern compiles. */
export function normalizeSensitivity(input: PolicyFile["sensitivity"], locate: Locate): SensitivitySpec {
  const ids = new Map<string, number>();
  const args = (input?.args ?? []).map((raw, i): ArgSensitivityRule => {
    const at: FieldPath = ["sensitivity", "args", i];
    const first = ids.get(raw.id);
    if (first !== undefined)
      raise(
        locate,
        "duplicate-rule-id",
        `rule id ${JSON.stringify(raw.id)} is already used by sensitivity.args[${first}]`,
        [...at, "id"],
      );
    ids.set(raw.id, i);
    const rule: ArgSensitivityRule = {
      id: raw.id,
      tool: globs(raw.tool, locate, [...at, "tool"]),
      envAssignments: raw.envAssignments ?? false,
      level: raw.level,
    };
    if (raw.description !== undefined) rule.description = raw.description;
    if (raw.arg !== undefined) rule.arg = globs(raw.arg, locate, [...at, "arg"]);
    return rule;
  });
  const secretPatterns = (input?.secretPatterns ?? []).map((pattern, i) => {
    try {
      new RegExp(pattern, "u");
    } catch (error) {
      raise(locate, "invalid-pattern", `invalid regular expression: ${(error as Error).message}`, [
        "sensitivity",
        "secretPatterns",
        i,
      ]);
    }
    return pattern;
  });
  return { args, secretPatterns };
}

function globs(value: string | string[], locate: Locate, at: FieldPath): string[] {
  const list = asList(value);
  list.forEach((glob, k) => {
    try {
      compileGlob(glob);
    } catch (error) {
      raise(locate, "invalid-pattern", `invalid pattern: ${(error as Error).message}`, [
        ...at,
        ...(typeof value === "string" ? [] : [k]),
      ]);
    }
  });
  return list;
}
