import { lstatSync } from "node:fs";
import path from "node:path";

// Per existing directory: whether its file system folds case. A mount does not change its mind
// while we run; bounded because the directories come from operator config, never from agents.
const cache = new Map<string, boolean>();
const MAX_CACHED = 1024;

/**
 * Whether names under `existing` (a real, existing path) are compared without case, detected and
 * never assumed: the same entry looked up under its name with the case of its letters swapped is
 * the same inode only on a folding file system (APFS and NTFS by default, ext4 with casefold).
 * Threat: on such a system `.LODESTAR/Pinned-Keys.json` is the pinned key file.
 */
export function foldsCase(existing: string): boolean {
  const cached = cache.get(existing);
  if (cached !== undefined) return cached;
  const folds = detect(existing);
  if (cache.size < MAX_CACHED) cache.set(existing, folds);
  return folds;
}

function detect(existing: string): boolean {
  // Probe the deepest component that has a letter: its swapped-case spelling differs from it.
  for (let p = existing; p !== path.dirname(p); p = path.dirname(p)) {
    const base = path.basename(p);
    const swapped = swapCase(base);
    if (swapped === base) continue;
    try {
      const a = lstatSync(p);
      const b = lstatSync(path.join(path.dirname(p), swapped));
      return a.ino === b.ino && a.dev === b.dev;
    } catch {
      return false; // the swapped spelling does not exist: case matters here
    }
  }
  return false;
}

export function swapCase(text: string): string {
  let out = "";
  for (const c of text) {
    const lower = c.toLowerCase();
    out += c === lower ? c.toUpperCase() : lower;
  }
  return out;
}
