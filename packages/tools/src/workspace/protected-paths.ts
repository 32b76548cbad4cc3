import { existsSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";

/**
 * Lodestar's trust anchors as the tools see them (defence in depth behind the policy's built-in
 * protected-anchor rule): each path both as given and with symlinks resolved, compared without
 * case — on a case-folding file system `.LODESTAR` is `.lodestar`, and on any other refusing the
 * variant costs nothing.
 */
export interface ProtectedPaths {
  /** `inside`: the anchor or below it; `ancestor`: a folder that holds one; null: neither. */
  relationOf(realPath: string): "inside" | "ancestor" | null;
  /** Whether `text` spells an anchor (absolute, or relative to `root`), or the default home name. */
  named(text: string, root: string): boolean;
}

export const HOME_DIR_NAME = ".lodestar";

export function protectedPaths(paths: readonly string[]): ProtectedPaths {
  const keys = [...new Set(paths.flatMap((p) => [resolve(p), realish(resolve(p))]))].map(fold);
  const within = (a: string, b: string) => a === b || a.startsWith(b === sep ? b : b + sep);
  return {
    relationOf(realPath) {
      const p = fold(realPath);
      if (keys.some((k) => within(p, k))) return "inside";
      if (keys.some((k) => within(k, p))) return "ancestor";
      return null;
    },
    named(text, root) {
      const t = fold(text);
      if (t.includes(HOME_DIR_NAME)) return true;
      const r = fold(root);
      return keys.some(
        (k) => t.includes(k) || (k !== r && within(k, r) && t.includes(k.slice(r.length + 1))),
      );
    },
  };
}

function fold(p: string): string {
  return p.normalize("NFC").toLowerCase();
}

/** realpath of the longest existing prefix, the rest kept as written. */
function realish(p: string): string {
  let head = p;
  const tail: string[] = [];
  while (!existsSync(head) && dirname(head) !== head) {
    tail.unshift(basename(head));
    head = dirname(head);
  }
  try {
    return join(realpathSync(head), ...tail);
  } catch {
    return p;
  }
}
