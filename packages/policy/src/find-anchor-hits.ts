import path from "node:path";
import { fileURLToPath } from "node:url";
import { absolutePattern, GLOB_CHARS, globReach } from "./anchor-glob.ts";
import { type AnchorRelation, type AnchorSet, foldKey } from "./anchor-set.ts";
import { expandBraces } from "./brace-expand.ts";
import type { ResolvedCommand } from "./classify-args.ts";
import type { AnchorHit } from "./protected-anchor.ts";
import { isInside, PathResolutionError, realPathOf } from "./resolve-path.ts";

/** What of a call the anchor rule looks at (resolveCall assembles it). */
export interface AnchorScanInput {
  readonly anchors: AnchorSet;
  /** Real workspace root and working directory. */
  readonly workspace: string;
  readonly cwd: string;
  /** The tool's default level is L0 (read-only): it may list a folder that holds an anchor. */
  readonly readOnly: boolean;
  /** Declared path arguments: every value, as sent. */
  readonly paths: readonly { readonly arg: string; readonly input: string }[];
  /** Real paths of the resolved path arguments: a command may run in any of them (`cwd`). */
  readonly pathBases: readonly string[];
  readonly commands: readonly { readonly command: ResolvedCommand; readonly raw: unknown }[];
  /** Every other string value of the call, with the argument it came from. */
  readonly others: readonly { readonly arg: string; readonly value: string }[];
}

const MAX_PATH_LENGTH = 4096; // PATH_MAX: a longer string names nothing open() could reach
const DYNAMIC = new Set(["$", "${", "$'", '$"', "$(", "$((", "`"]);
const WORD_BREAK = /[\s;&|()<>`]+/;

/**
 * The built-in rule's evidence, one hit per argument that reaches an anchor (empty: nothing does).
 * Paths are read the ways the tool behind the call may read them: relative to the working
 * directory, absolute, `~/…` (servers expand it), `file://` URLs; each both lexically and with
 * every symlink resolved, so `link/x`, `a/../.lodestar/x` and `//ws/./.lodestar` all count.
 */
export function findAnchorHits(input: AnchorScanInput): AnchorHit[] {
  if (input.anchors.size === 0) return [];
  const hits: AnchorHit[] = [];
  for (const { arg, input: value } of input.paths) {
    const rel = pathRelation(input, value, [input.cwd]);
    if (rel?.relation === "inside") hits.push(deny(arg, rel, `${JSON.stringify(value)} is`));
    else if (rel !== null && !input.readOnly && !holdsWorkspace(input, value)) {
      // Moving or deleting a folder takes the anchor with it; the workspace root itself cannot be
      // moved or deleted through a workspace-confined tool, and is where every call runs.
      hits.push(deny(arg, rel, `${JSON.stringify(value)} is a folder that holds`));
    }
  }
  for (const { arg, value } of input.others) {
    if (value.length > MAX_PATH_LENGTH || value.includes("\0")) continue;
    const rel = pathRelation(input, value, [input.cwd]);
    if (rel?.relation === "inside") hits.push(deny(arg, rel, `${JSON.stringify(value)} is`));
  }
  for (const { command, raw } of input.commands) {
    const hit = commandHit(input, command, raw);
    if (hit !== null) hits.push(hit);
  }
  return hits;
}

function commandHit(input: AnchorScanInput, command: ResolvedCommand, raw: unknown): AnchorHit | null {
  const { arg, shell } = command;
  const bases = [...new Set([input.cwd, ...input.pathBases])];
  const words = new Set<string>();
  for (const segment of shell.segments) for (const w of segment) addFragments(words, w.value);
  // The raw text too: redirection targets (`> .lodestar/policy.yaml`) are not command words.
  for (const text of typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw : [])
    if (typeof text === "string") addFragments(words, text);
  let maybe: AnchorHit | null = null;
  for (const word of words) {
    const needle = namedAnchor(input, word, bases);
    if (needle !== null) return denyText(arg, needle, `names ${needle.anchor} (in ${JSON.stringify(word)})`);
    if (GLOB_CHARS.test(word) || word.includes("{")) {
      const expanded = expandBraces(word);
      if (expanded === null) {
        maybe ??= hold(arg, `the brace expression ${JSON.stringify(word)} has too many expansions to check`);
        continue;
      }
      for (const pattern of expanded) {
        const reach = patternReach(input, pattern, bases);
        if (reach?.relation === "inside")
          return deny(arg, reach, `the pattern ${JSON.stringify(word)} can match`);
        if (reach !== null) maybe ??= holdFor(arg, reach, `the pattern ${JSON.stringify(word)} can match`);
      }
      continue;
    }
    const rel = pathRelation(input, word, bases);
    if (rel?.relation === "inside") return deny(arg, rel, `${JSON.stringify(word)} is`);
    if (rel !== null) maybe ??= holdFor(arg, rel, `${JSON.stringify(word)} is a folder that holds`);
  }
  if (maybe !== null) return maybe;
  if (!shell.ok) return hold(arg, "the command does not parse, so what it names is unknown");
  const dynamic = [...shell.operators, ...shell.expansions].filter((e) => DYNAMIC.has(e));
  if (dynamic.length > 0)
    return hold(arg, `its expansions (${dynamic.join(" ")}) make the paths it names unknowable`);
  if (shell.expansions.includes("~") && input.anchors.userHome === undefined)
    return hold(arg, "it uses ~ and the user's home is not known");
  return null;
}

/** Words, their pieces split at shell operators and blanks, with quotes dropped; `--x=v` also as `v`. */
function addFragments(out: Set<string>, text: string): void {
  out.add(text);
  for (const piece of text.replace(/['"\\]/g, "").split(WORD_BREAK)) {
    if (piece === "") continue;
    out.add(piece);
    const eq = piece.indexOf("=");
    if (eq >= 0 && eq < piece.length - 1) out.add(piece.slice(eq + 1));
  }
}

/** The absolute spellings a path string can mean to the tool behind the call. */
function interpretations(input: AnchorScanInput, value: string, bases: readonly string[]): string[] {
  // A NUL byte ends the string for open(): such a value is refused as a path elsewhere, and is
  // content here (node's fs would throw on it rather than answer).
  if (value === "" || value.includes("\0")) return [];
  if (value.startsWith("file:")) {
    try {
      return [fileURLToPath(value)];
    } catch {
      return [];
    }
  }
  const home = input.anchors.userHome;
  if ((value === "~" || value.startsWith("~/")) && home !== undefined) return [home + value.slice(1)];
  if (path.isAbsolute(value)) return [value];
  return bases.map((b) => `${b}/${value}`);
}

function pathRelation(
  input: AnchorScanInput,
  value: string,
  bases: readonly string[],
): AnchorRelation | null {
  let found: AnchorRelation | null = null;
  for (const joined of interpretations(input, value, bases)) {
    const forms = [path.resolve(joined)];
    try {
      forms.push(realPathOf(joined).real);
    } catch (error) {
      if (!(error instanceof PathResolutionError)) throw error;
    }
    for (const form of forms) {
      const rel = input.anchors.relationOf(form);
      if (rel?.relation === "inside") return rel;
      found ??= rel;
    }
  }
  return found;
}

function patternReach(
  input: AnchorScanInput,
  pattern: string,
  bases: readonly string[],
): AnchorRelation | null {
  const home = input.anchors.userHome;
  const roots =
    (pattern === "~" || pattern.startsWith("~/")) && home !== undefined
      ? [home + pattern.slice(1)]
      : bases.map((b) => absolutePattern(pattern, b));
  let found: AnchorRelation | null = null;
  for (const abs of roots) {
    for (const anchor of input.anchors.forms()) {
      for (const form of anchor.forms) {
        const reach = globReach(abs, form, anchor.folds);
        if (reach === null) continue;
        const rel: AnchorRelation = {
          kind: anchor.kind,
          anchor: anchor.path,
          relation: reach === "inside" ? "inside" : "ancestor",
        };
        if (reach === "inside") return rel;
        found ??= rel;
      }
    }
  }
  return found;
}

/**
 * An anchor spelled inside a word (`python -c "open('.lodestar/keys/a')"`, `--config=/ws/.lodestar/x`):
 * its absolute path, or its path relative to a base folder or to the user's home.
 */
function namedAnchor(
  input: AnchorScanInput,
  word: string,
  bases: readonly string[],
): { kind: AnchorHit["anchor"]; anchor: string } | null {
  const home = input.anchors.userHome;
  const roots = home === undefined ? [input.workspace, ...bases] : [input.workspace, ...bases, home];
  for (const anchor of input.anchors.forms()) {
    const text = foldKey(word, anchor.folds);
    for (const form of anchor.forms) {
      const needles = [form];
      for (const root of roots) {
        const r = foldKey(root, anchor.folds);
        if (form !== r && isInside(form, r)) needles.push(form.slice(r === "/" ? 1 : r.length + 1));
      }
      if (needles.some((n) => n !== "" && text.includes(n)))
        return { kind: anchor.kind, anchor: anchor.path };
    }
  }
  return null;
}

function holdsWorkspace(input: AnchorScanInput, value: string): boolean {
  // The path is the workspace root or one of its parents.
  return interpretations(input, value, [input.cwd]).some((p) => {
    const abs = path.resolve(p);
    let real = abs;
    try {
      real = realPathOf(p).real;
    } catch {
      // keep the lexical form
    }
    return isInside(input.workspace, real) || isInside(input.workspace, abs);
  });
}

function deny(arg: string, rel: AnchorRelation, subject: string): AnchorHit {
  const where = rel.relation === "inside" ? "inside" : "";
  return {
    arg,
    verdict: "deny",
    anchor: rel.kind,
    why: `${subject} ${where ? "inside " : ""}the ${describe(rel)}`.replace(/\s+/g, " "),
  };
}

function denyText(arg: string, named: { kind: AnchorHit["anchor"]; anchor: string }, why: string): AnchorHit {
  return { arg, verdict: "deny", anchor: named.kind, why: `the command ${why}, a Lodestar ${named.kind}` };
}

function holdFor(arg: string, rel: AnchorRelation, subject: string): AnchorHit {
  return { arg, verdict: "hold", anchor: rel.kind, why: `${subject} the ${describe(rel)}` };
}

function hold(arg: string, why: string): AnchorHit {
  return { arg, verdict: "hold", anchor: null, why };
}

function describe(rel: AnchorRelation): string {
  return `Lodestar ${rel.kind} ${rel.anchor}`;
}
