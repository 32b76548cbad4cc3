import type { FieldPath } from "./field-path.ts";
import { compileGlob } from "./glob.ts";
import { type Locate, raise } from "./locate.ts";
import type { PolicyFile } from "./policy-schema.ts";
import type { Constraint, RuleSpec, RuleWhen, ToolSpec } from "./policy-source.ts";
import { analyzeShell } from "./shell-analysis.ts";
import { normaliseHostPattern } from "./url-info.ts";

type RuleInput = NonNullable<PolicyFile["rules"]>[number];
type WhenInput = NonNullable<RuleInput["when"]>;

const asList = (v: string | string[]): string[] => (typeof v === "string" ? [v] : [...v]);

export function normalizeRules(
  rules: readonly RuleInput[],
  tools: readonly ToolSpec[],
  locate: Locate,
): RuleSpec[] {
  const ids = new Map<string, number>();
  return rules.map((input, i) => {
    const at: FieldPath = ["rules", i];
    const first = ids.get(input.id);
    if (first !== undefined) {
      raise(
        locate,
        "duplicate-rule-id",
        `rule id ${JSON.stringify(input.id)} is already used by rules[${first}]`,
        [...at, "id"],
      );
    }
    ids.set(input.id, i);
    if ((input.level === undefined) === (input.constrain === undefined)) {
      raise(
        locate,
        "invalid-field",
        "a rule needs exactly one of `level` (L0–L4 or deny) and `constrain`",
        at,
      );
    }
    const toolGlobs = asList(input.tool);
    toolGlobs.forEach((g, k) => {
      checkGlob(g, locate, [...at, "tool", ...(typeof input.tool === "string" ? [] : [k])]);
    });
    const rule: RuleSpec = { id: input.id, tool: toolGlobs };
    if (input.description !== undefined) rule.description = input.description;
    if (input.reason !== undefined) rule.reason = input.reason;
    if (input.when !== undefined) rule.when = normalizeWhen(input.when, locate, [...at, "when"]);
    if (input.level !== undefined) rule.level = input.level;
    if (input.constrain !== undefined) {
      rule.constrain = normalizeConstraint(input.constrain, locate, [...at, "constrain"]);
      checkSetTargets(rule, tools, locate, [...at, "constrain", "set"]);
    }
    return rule;
  });
}

function normalizeWhen(when: WhenInput, locate: Locate, at: FieldPath): RuleWhen {
  const out: RuleWhen = {};
  for (const [kind, predicate] of Object.entries(when)) {
    if (predicate !== undefined && Object.values(predicate).every((v) => v === undefined)) {
      raise(locate, "invalid-field", `an empty ${kind} predicate would match nothing`, [...at, kind]);
    }
  }
  if (when.path) {
    const { glob, outside } = when.path;
    out.path = {};
    if (glob !== undefined) {
      out.path.glob = asList(glob);
      out.path.glob.forEach((g, k) => {
        const field = [...at, "path", "glob", ...(typeof glob === "string" ? [] : [k])];
        // Rules see workspace-relative paths: such a glob could never match, and a deny rule that
        // silently never matches is worse than an error.
        if (g.startsWith("/") || g.split("/").includes("..")) {
          raise(
            locate,
            "invalid-pattern",
            "path globs are workspace-relative: no leading / and no ..",
            field,
          );
        }
        checkGlob(g, locate, field);
      });
    }
    if (outside !== undefined) out.path.outside = outside;
  }
  if (when.command) {
    const { prefix, contains, hasArgs, operators } = when.command;
    out.command = {};
    if (prefix !== undefined)
      out.command.prefix = commandPrefixes(prefix, locate, [...at, "command", "prefix"]);
    if (contains !== undefined)
      out.command.contains = commandPrefixes(contains, locate, [...at, "command", "contains"]);
    if (hasArgs !== undefined) out.command.hasArgs = asList(hasArgs);
    if (operators !== undefined) out.command.operators = operators;
  }
  if (when.url) out.url = normalizeUrl(when.url, locate, [...at, "url"]);
  if (when.git) {
    const { remote, ref, force, delete: deletes } = when.git;
    out.git = {};
    if (remote !== undefined) out.git.remote = asList(remote);
    if (ref !== undefined) out.git.ref = asList(ref);
    for (const field of ["remote", "ref"] as const) {
      out.git[field]?.forEach((g, k) => {
        checkGlob(g, locate, [...at, "git", field, k]);
      });
    }
    if (force !== undefined) out.git.force = force;
    if (deletes !== undefined) out.git.delete = deletes;
  }
  return out;
}

/** Each prefix is written as a shell command and must itself be plain words. */
function commandPrefixes(input: string | string[], locate: Locate, at: FieldPath): string[] {
  return asList(input).map((p, k) => {
    const shell = analyzeShell(p);
    if (!shell.plain) {
      raise(
        locate,
        "invalid-pattern",
        `command prefix ${JSON.stringify(p)} must be plain words (quote operators)`,
        [...at, ...(typeof input === "string" ? [] : [k])],
      );
    }
    return shell.argv!.join(" ");
  });
}

function normalizeUrl(
  url: NonNullable<WhenInput["url"]>,
  locate: Locate,
  at: FieldPath,
): NonNullable<RuleWhen["url"]> {
  const out: NonNullable<RuleWhen["url"]> = {};
  if (url.scheme !== undefined) {
    out.scheme = asList(url.scheme).map((s, k) => {
      const scheme = s.toLowerCase().replace(/:$/, "");
      if (!/^[a-z][a-z0-9+.-]*$/.test(scheme))
        raise(locate, "invalid-pattern", `invalid URL scheme ${JSON.stringify(s)}`, [...at, "scheme", k]);
      return scheme;
    });
  }
  if (url.host !== undefined) {
    out.host = asList(url.host).map((h, k) => {
      const host = normaliseHostPattern(h);
      if (host === null)
        raise(
          locate,
          "invalid-pattern",
          `invalid host pattern ${JSON.stringify(h)} (exact host or *.suffix)`,
          [...at, "host", ...(typeof url.host === "string" ? [] : [k])],
        );
      return host;
    });
  }
  if (url.port !== undefined) out.port = typeof url.port === "number" ? [url.port] : [...url.port];
  if (url.method !== undefined) {
    out.method = asList(url.method).map((m, k) => {
      if (!/^[A-Za-z]{1,16}$/.test(m))
        raise(locate, "invalid-pattern", `invalid HTTP method ${JSON.stringify(m)}`, [...at, "method", k]);
      return m.toUpperCase();
    });
  }
  if (url.defaultPort !== undefined) out.defaultPort = url.defaultPort;
  if (url.userinfo !== undefined) out.userinfo = url.userinfo;
  if (url.idn !== undefined) out.idn = url.idn;
  if (url.ip !== undefined) out.ip = url.ip;
  return out;
}

function normalizeConstraint(
  input: NonNullable<RuleInput["constrain"]>,
  locate: Locate,
  at: FieldPath,
): Constraint {
  const out: Constraint = {};
  if (input.appendArgs !== undefined) out.appendArgs = asList(input.appendArgs);
  if (input.removeArgs !== undefined) out.removeArgs = asList(input.removeArgs);
  if (input.set !== undefined && Object.keys(input.set).length > 0) out.set = { ...input.set };
  if (Object.keys(out).length === 0)
    raise(locate, "invalid-constraint", "a constraint needs appendArgs, removeArgs or set", at);
  return out;
}

/**
 * `set` may only change plain options (and git-force). Rewriting a path, URL, command or ref would
 * bypass their classification: the rule would decide one call and run another.
 */
function checkSetTargets(rule: RuleSpec, tools: readonly ToolSpec[], locate: Locate, at: FieldPath): void {
  const targets = Object.keys(rule.constrain?.set ?? {});
  if (targets.length === 0) return;
  const matches = rule.tool.map((g) => compileGlob(g));
  for (const tool of tools) {
    if (!matches.some((m) => m(tool.name))) continue;
    for (const target of targets) {
      const kind = tool.args[target]?.kind;
      if (kind !== undefined && kind !== "git-force") {
        raise(locate, "invalid-constraint", `cannot set ${tool.name}.${target}: it is a ${kind} argument`, [
          ...at,
          target,
        ]);
      }
    }
  }
}

function checkGlob(pattern: string, locate: Locate, at: FieldPath): void {
  try {
    compileGlob(pattern);
  } catch (error) {
    raise(
      locate,
      "invalid-pattern",
      `invalid glob ${JSON.stringify(pattern)}: ${(error as Error).message}`,
      at,
    );
  }
}
