import { existsSync, realpathSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * Whether `child` is `parent` or inside it, both compared as real paths (symlinks resolved
 * through the longest existing prefix: a key store that does not exist yet, a home reached
 * through a symlinked folder).
 */
export function isWithin(child: string, parent: string): boolean {
  const rel = relative(realish(parent), realish(child));
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith("/"));
}

function realish(p: string): string {
  let head = resolve(p);
  const tail: string[] = [];
  while (!existsSync(head) && dirname(head) !== head) {
    tail.unshift(head.slice(dirname(head).length + 1));
    head = dirname(head);
  }
  return join(realpathSync.native(head), ...tail);
}
