import { classifyArgs } from "./classify-args.ts";
import type { Constraint, ToolSpec } from "./policy-source.ts";
import type { ResolvedAction } from "./resolved-action.ts";
import { analyzeShell, quoteShellWord } from "./shell-analysis.ts";

export type ConstraintResult = { ok: true; action: ResolvedAction } | { ok: false; why: string };

const SHORT_FLAG = /^-[A-Za-z0-9]$/;
const SHORT_BUNDLE = /^-[A-Za-z0-9]{2,}$/;

/**
 * Rewrites a call (`--dry-run` appended, `--force` removed, a boolean option set) and re-classifies
 * the result, so what is decided, digested, shown to an approver and run is the rewritten call.
 * Refuses (the rule is then skipped) whenever the rewrite could not be exact: a command that is not
 * plain words, or a short flag hidden in a bundle (`-fu` still forces after removing `-f`).
 */
export function applyConstraint(c: Constraint, tool: ToolSpec, action: ResolvedAction): ConstraintResult {
  const args: Record<string, unknown> = { ...action.proposed };
  const rewritesWords = c.appendArgs !== undefined || c.removeArgs !== undefined;
  let rewritten = false;
  for (const [name, spec] of Object.entries(tool.args)) {
    if (spec.kind !== "command" || !rewritesWords || !Object.hasOwn(args, name)) continue;
    const value = args[name];
    const argv =
      typeof value === "string"
        ? analyzeShell(value).argv
        : Array.isArray(value)
          ? (value as string[])
          : null;
    if (argv === null) return { ok: false, why: `${name} is not a plain command` };
    let words = [...argv];
    for (const flag of c.removeArgs ?? []) {
      const long = flag.startsWith("--");
      if (SHORT_FLAG.test(flag)) {
        const bundle = words.find((w, i) => i > 0 && SHORT_BUNDLE.test(w) && w.includes(flag[1]!));
        if (bundle !== undefined) return { ok: false, why: `${JSON.stringify(bundle)} bundles ${flag}` };
      }
      words = words.filter((w, i) => i === 0 || !(w === flag || (long && w.startsWith(`${flag}=`))));
    }
    // Appended at the very end (unless already there): for getopt-style parsers the last
    // occurrence wins, so an earlier `--no-dry-run` cannot undo an appended `--dry-run`.
    const tail = c.appendArgs ?? [];
    if (!tail.every((w, i) => words[words.length - tail.length + i] === w)) words.push(...tail);
    args[name] = typeof value === "string" ? words.map(quoteShellWord).join(" ") : words;
    rewritten = true;
  }
  if (rewritesWords && !rewritten) return { ok: false, why: "no command argument to rewrite" };
  for (const [name, value] of Object.entries(c.set ?? {})) {
    const kind = tool.args[name]?.kind;
    // Only plain options: rewriting a path, URL, command or ref would decide one call and run another.
    if (kind !== undefined && kind !== "git-force")
      return { ok: false, why: `cannot set ${kind} argument ${name}` };
    if (kind === "git-force" && typeof value !== "boolean")
      return { ok: false, why: `${name} must be a boolean` };
    args[name] = value;
  }
  const classified = classifyArgs(tool, args, action.paths);
  if (classified.invalid.length > 0) return { ok: false, why: classified.invalid[0]!.reason };
  return { ok: true, action: { ...action, ...classified, proposed: args } };
}
