import type { ShellWord } from "./shell-analysis.ts";
import { commandStart, programName } from "./shell-command.ts";

/** One destination ref of a push. */
export interface GitRefTarget {
  /** The refspec as written (`+HEAD:main`). */
  readonly raw: string;
  /** Full destination ref (`refs/heads/main`); a bare name is taken as a branch, as git's DWIM does. */
  readonly ref: string;
  /** Short name (`main`): `refs/heads/`, `refs/tags/`, `heads/`, `tags/` removed. */
  readonly name: string;
  readonly force: boolean;
  readonly delete: boolean;
}

/**
 * What a push would do to the remote. Threat: an agent pushes to a protected branch through a
 * refspec the policy author did not anticipate (`HEAD:main`, `+main`, `:main`, `refs/heads/main`,
 * `heads/main`). When the destination cannot be known from the call (no refspec, `HEAD`, wildcards,
 * `--all`, `--mirror`, expansions), `unknownTarget` is set and protected-branch rules treat it as a hit.
 */
export interface GitPush {
  readonly remote: string | null;
  readonly targets: readonly GitRefTarget[];
  readonly unknownTarget: boolean;
  readonly force: boolean;
  readonly delete: boolean;
  readonly dryRun: boolean;
}

interface PushFlags {
  force: boolean;
  delete: boolean;
  unknown: boolean;
  dryRun: boolean;
}

/** Classifies the structured arguments of a push tool (`git.push { remote, refspec, force }`). */
export function gitPushFromArgs(remote: string | null, refspecs: readonly string[], force: boolean): GitPush {
  const flags: PushFlags = { force, delete: false, unknown: refspecs.length === 0, dryRun: false };
  return build(remote, refspecs, flags);
}

/** Classifies one simple shell command; null when it is not a `git … push`. */
export function gitPushFromWords(words: readonly ShellWord[]): GitPush | null {
  const at = findGit(words);
  if (at < 0) return null;
  let i = at + 1;
  // Global options before the subcommand; the listed ones take a separate value.
  while (i < words.length && words[i]!.value.startsWith("-")) {
    const opt = words[i]!.value;
    i += ["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env"].includes(opt) ? 2 : 1;
  }
  if (words[i]?.value !== "push") return null;
  const rest = words.slice(i + 1);
  const flags: PushFlags = { force: false, delete: false, unknown: false, dryRun: false };
  // An expansion anywhere means the runtime remote or refspec is not what we read.
  if (rest.some((w) => w.dynamic) || words[at]!.dynamic) flags.unknown = true;
  const positional: string[] = [];
  let repo: string | null = null;
  let endOfOptions = false;
  for (let k = 0; k < rest.length; k++) {
    const w = rest[k]!.value;
    if (endOfOptions || !w.startsWith("-") || w === "-") {
      positional.push(w);
    } else if (w === "--") {
      endOfOptions = true;
    } else if (w.startsWith("--")) {
      const eq = w.indexOf("=");
      const name = eq < 0 ? w : w.slice(0, eq);
      if (name === "--repo") repo = eq < 0 ? (rest[++k]?.value ?? null) : w.slice(eq + 1);
      else if (["--push-option", "--receive-pack", "--exec"].includes(name) && eq < 0) k++;
      else longFlag(name, flags);
    } else {
      for (let c = 1; c < w.length; c++) {
        const ch = w[c]!;
        if (ch === "o") {
          if (c === w.length - 1) k++; // `-o value`; `-ovalue` ends the bundle
          break;
        }
        if (ch === "f") flags.force = true;
        else if (ch === "d") flags.delete = true;
        else if (ch === "n") flags.dryRun = true;
      }
    }
  }
  const remote = positional[0] ?? repo;
  const specs = expandTagKeyword(positional.slice(1));
  if (specs.length === 0) flags.unknown = true; // push.default picks the branch: unknowable here
  return build(remote, specs, flags);
}

function longFlag(name: string, flags: PushFlags): void {
  if (name === "--force" || name === "--force-with-lease") flags.force = true;
  else if (name === "--delete") flags.delete = true;
  else if (name === "--dry-run") flags.dryRun = true;
  else if (name === "--all" || name === "--branches" || name === "--tags") flags.unknown = true;
  else if (name === "--mirror" || name === "--prune") {
    // Both may delete (and --mirror force-update) any remote ref.
    flags.unknown = true;
    flags.delete = true;
    if (name === "--mirror") flags.force = true;
  }
}

/** Index of the `git` word, skipping assignments, wrappers and their options (`env -i git push`). */
function findGit(words: readonly ShellWord[]): number {
  const at = commandStart(words);
  return at >= 0 && programName(words[at]!.value) === "git" ? at : -1;
}

/** `git push origin tag v1` means `refs/tags/v1`. */
function expandTagKeyword(specs: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < specs.length; i++) {
    if (specs[i] === "tag" && i + 1 < specs.length) out.push(`refs/tags/${specs[++i]}`);
    else out.push(specs[i]!);
  }
  return out;
}

function build(remote: string | null, specs: readonly string[], flags: PushFlags): GitPush {
  const targets: GitRefTarget[] = [];
  let unknown = flags.unknown;
  let force = flags.force;
  let deletes = flags.delete;
  for (const raw of specs) {
    const target = parseRefspec(raw, flags.force, flags.delete);
    if (target === null) {
      unknown = true;
      continue;
    }
    targets.push(target);
    force ||= target.force;
    deletes ||= target.delete;
  }
  return { remote, targets, unknownTarget: unknown, force, delete: deletes, dryRun: flags.dryRun };
}

/** One refspec → its destination, or null when the destination is not knowable from the text. */
export function parseRefspec(raw: string, forceAll: boolean, deleteAll: boolean): GitRefTarget | null {
  let spec = raw;
  let force = forceAll;
  if (spec.startsWith("+")) {
    force = true;
    spec = spec.slice(1);
  }
  const colon = spec.lastIndexOf(":"); // ref names cannot contain ':', so the last one splits src:dst
  const src = colon < 0 ? spec : spec.slice(0, colon);
  const dst = colon < 0 ? spec : spec.slice(colon + 1);
  const deletes = deleteAll || (colon >= 0 && src === "");
  // Without an explicit dst, git derives it from src: only a plain branch/tag name tells us which.
  if (colon < 0 && !deletes && /^(HEAD|@)$|[~^@{}]|^[0-9a-f]{7,64}$/.test(src)) return null;
  if (dst === "" || dst === "HEAD" || dst.includes("*")) return null;
  const ref = normalizeRef(dst);
  return { raw, ref, name: shortName(ref), force, delete: deletes };
}

function normalizeRef(dst: string): string {
  const clean = dst.replace(/\/{2,}/g, "/").replace(/^\//, "");
  if (clean.startsWith("refs/")) return clean;
  if (clean.startsWith("heads/") || clean.startsWith("tags/")) return `refs/${clean}`;
  return `refs/heads/${clean}`;
}

function shortName(ref: string): string {
  if (ref.startsWith("refs/heads/")) return ref.slice("refs/heads/".length);
  if (ref.startsWith("refs/tags/")) return ref.slice("refs/tags/".length);
  return ref;
}
