import path from "node:path";
import picomatch from "picomatch";

/** Characters that make a shell word a pattern once unquoted. */
export const GLOB_CHARS = /[*?[]/;

/**
 * Whether the glob `pattern` (absolute, lexical) can name `target` (absolute) or something inside
 * it (`inside`), or only a folder that holds it (`ancestor`); null when it cannot reach it;
 * `unknown` when a `..` follows a wildcard (what it climbs out of is not known statically).
 * Conservative on purpose: wildcards match leading dots (a shell may run with dotglob or
 * GLOB_DOTS), and case is ignored where the file system folds it. Threat: `.lodes*`,
 * `.l?destar`, `[.]lodestar`, `.l*` followed by `/pinned-keys.json`.
 */
export function globReach(
  pattern: string,
  target: string,
  folds: boolean,
): "inside" | "ancestor" | "unknown" | null {
  const parts = splitPattern(pattern);
  if (parts === null) return "unknown";
  const goal = target.split("/").filter((s) => s !== "");
  for (let i = 0; ; i++) {
    if (i === parts.length) return i === goal.length ? "inside" : "ancestor";
    const part = parts[i]!;
    if (part === "**") return "inside"; // any depth below a prefix that matched so far
    if (i === goal.length) return "inside"; // the pattern goes on below the target
    if (!segmentMatches(part, goal[i]!, folds)) return null;
  }
}

/** Segments of an absolute pattern with `.` dropped and `..` applied while nothing is a wildcard yet. */
function splitPattern(pattern: string): string[] | null {
  const out: string[] = [];
  let wild = false;
  for (const part of pattern.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (wild) return null;
      out.pop();
      continue;
    }
    if (GLOB_CHARS.test(part)) wild = true;
    out.push(part);
  }
  return out;
}

function segmentMatches(part: string, name: string, folds: boolean): boolean {
  if (!GLOB_CHARS.test(part)) return folds ? part.toLowerCase() === name.toLowerCase() : part === name;
  try {
    return picomatch.makeRe(part, { dot: true, nocase: folds, nobrace: true }).test(name);
  } catch {
    return true; // a pattern picomatch cannot compile may still mean something to a shell
  }
}

/** `path.resolve` without collapsing `..` that follows a wildcard (globReach handles those). */
export function absolutePattern(pattern: string, base: string): string {
  return path.isAbsolute(pattern) ? pattern : `${base}/${pattern}`;
}
