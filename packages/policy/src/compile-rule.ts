import type { ResolvedCommand, ResolvedUrl } from "./classify-args.ts";
import type { GitPush, GitRefTarget } from "./git-push.ts";
import { compileGlobs, type Matcher } from "./glob.ts";
import type { ActionLevel } from "./levels.ts";
import type {
  CommandPredicate,
  GitPredicate,
  PathPredicate,
  RuleSpec,
  UrlPredicate,
} from "./policy-source.ts";
import type { ResolvedPath } from "./resolve-path.ts";
import type { ResolvedAction } from "./resolved-action.ts";
import type { ShellWord } from "./shell-analysis.ts";
import { programName, programPositions } from "./shell-command.ts";
import { hostMatches } from "./url-info.ts";

/**
 * How a rule's predicates quantify over a call's values (several paths, several refspecs).
 * "any": a rule that makes a call stricter fires if any value matches (and an unknown push
 * target counts as a match). "all": a rule that makes a call laxer applies only if every value
 * matches and at least one exists — so `[src/a.ts, ../../etc/passwd]` never rides a `src/**` rule.
 */
export type Quantifier = "any" | "all";
type Test = (action: ResolvedAction, q: Quantifier) => boolean;

export interface CompiledRule {
  readonly spec: RuleSpec;
  readonly index: number;
  /** Level or deny; null for a constrain rule. */
  readonly outcome: ActionLevel | "deny" | null;
  readonly appliesTo: Matcher;
  readonly test: Test;
}

export function compileRule(spec: RuleSpec, index: number): CompiledRule {
  const tests: Test[] = [];
  const when = spec.when ?? {};
  if (when.path) tests.push(pathTest(when.path));
  if (when.command) tests.push(commandTest(when.command));
  if (when.url) tests.push(urlTest(when.url));
  if (when.git) tests.push(gitTest(when.git));
  const test: Test = tests.length === 1 ? tests[0]! : (action, q) => tests.every((t) => t(action, q));
  return { spec, index, outcome: spec.level ?? null, appliesTo: compileGlobs(spec.tool), test };
}

function quantify<T>(values: readonly T[], q: Quantifier, one: (v: T) => boolean): boolean {
  if (values.length === 0) return false; // never vacuously true: no path is not "every path is safe"
  if (values.length === 1) return one(values[0]!);
  return q === "any" ? values.some(one) : values.every(one);
}

function pathTest(p: PathPredicate): Test {
  const glob = p.glob ? compileGlobs(p.glob) : null;
  const one = (v: ResolvedPath): boolean =>
    (glob === null || (v.inside && glob(v.relative!))) &&
    (p.outside === undefined || !v.inside === p.outside);
  return (action, q) => quantify(action.paths, q, one);
}

/**
 * Deny-side prefix test on one simple command: the program is compared by name (`/bin/rm` is
 * `rm`), and a word whose value is only known at run time (`$X`) matches anything.
 */
function segmentStartsWith(seg: readonly ShellWord[], prefix: readonly string[], at: number): boolean {
  if (seg.length - at < prefix.length) return false;
  return prefix.every((p, i) => {
    const w = seg[at + i]!;
    return w.dynamic || (i === 0 ? programName(w.value) === programName(p) : w.value === p);
  });
}

function startsWithWords(argv: readonly string[], prefix: readonly string[]): boolean {
  if (argv.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (argv[i] !== prefix[i]) return false;
  return true;
}

/** `--output` is present as `--output` or `--output=…`; other words must match exactly. */
function hasArg(word: ShellWord, arg: string): boolean {
  if (word.dynamic) return false;
  return word.value === arg || (arg.startsWith("--") && word.value.startsWith(`${arg}=`));
}

function commandTest(c: CommandPredicate): Test {
  const prefixes = c.prefix?.map((p) => p.split(" "));
  const contains = c.contains?.map((p) => p.split(" "));
  const one = (cmd: ResolvedCommand): boolean => {
    const { shell } = cmd;
    if (prefixes) {
      // The allow side: exact words of one plain command. `git status; rm -rf /` is not plain.
      if (!shell.plain) return false;
      let hit = false;
      for (const p of prefixes) if (startsWithWords(shell.argv!, p)) hit = true;
      if (!hit) return false;
    }
    if (contains) {
      const hit = shell.segments.some((seg) =>
        programPositions(seg).some((at) => contains.some((p) => segmentStartsWith(seg, p, at))),
      );
      if (!hit) return false;
    }
    if (c.hasArgs && !c.hasArgs.every((a) => shell.segments.some((seg) => seg.some((w) => hasArg(w, a))))) {
      return false;
    }
    if (c.operators !== undefined && !shell.plain !== c.operators) return false;
    return true;
  };
  return (action, q) => quantify(action.commands, q, one);
}

function urlTest(u: UrlPredicate): Test {
  const one = (v: ResolvedUrl): boolean => {
    if (u.scheme !== undefined && !u.scheme.includes(v.scheme)) return false;
    if (u.host !== undefined) {
      let hit = false;
      for (const h of u.host) if (hostMatches(h, v.host)) hit = true;
      if (!hit) return false;
    }
    if (u.port !== undefined && !u.port.includes(v.port)) return false;
    if (u.defaultPort !== undefined && v.defaultPort !== u.defaultPort) return false;
    if (u.method !== undefined && (v.method === null || !u.method.includes(v.method))) return false;
    if (u.userinfo !== undefined && v.userinfo !== u.userinfo) return false;
    if (u.idn !== undefined && v.idn !== u.idn) return false;
    if (u.ip !== undefined && (v.hostKind === "ipv4" || v.hostKind === "ipv6") !== u.ip) return false;
    return true;
  };
  return (action, q) => quantify(action.urls, q, one);
}

function gitTest(g: GitPredicate): Test {
  const remote = g.remote ? compileGlobs(g.remote) : null;
  // Refs are compared case-insensitively on the strict side: on a case-insensitive remote
  // filesystem `MAIN` and `main` are the same branch.
  const refStrict = g.ref ? refMatcher(g.ref, true) : null;
  const refExact = g.ref ? refMatcher(g.ref, false) : null;
  const one = (push: GitPush, q: Quantifier): boolean => {
    if (remote !== null && !(push.remote === null ? q === "any" : remote(push.remote))) return false;
    if (refStrict !== null && refExact !== null) {
      const ok =
        q === "any"
          ? push.unknownTarget || push.targets.some(refStrict)
          : !push.unknownTarget && push.targets.length > 0 && push.targets.every(refExact);
      if (!ok) return false;
    }
    if (g.force !== undefined && push.force !== g.force) return false;
    if (g.delete !== undefined && push.delete !== g.delete) return false;
    return true;
  };
  const any = (push: GitPush) => one(push, "any");
  const all = (push: GitPush) => one(push, "all");
  return (action, q) => quantify(action.git, q, q === "any" ? any : all);
}

function refMatcher(patterns: readonly string[], nocase: boolean): (t: GitRefTarget) => boolean {
  const full = patterns.filter((p) => p.startsWith("refs/"));
  const short = patterns.filter((p) => !p.startsWith("refs/"));
  const fullMatch = full.length > 0 ? compileGlobs(full, { nocase }) : null;
  const shortMatch = short.length > 0 ? compileGlobs(short, { nocase }) : null;
  return (t) => fullMatch?.(t.ref) === true || shortMatch?.(t.name) === true;
}
