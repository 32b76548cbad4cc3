import { lstatSync, readlinkSync, realpathSync, type Stats } from "node:fs";
import path from "node:path";

/**
 * A path argument after the same resolution the kernel's open() would do. Threats: `../` traversal,
 * absolute paths, and symlinks (existing or dangling) that lead out of the workspace. Rules match
 * `relative` only when `inside`; anything else is outside-workspace and says why.
 */
export interface ResolvedPath {
  /** Name of the argument this came from. */
  readonly arg: string;
  /** The value the agent sent. */
  readonly input: string;
  /** Absolute path with every existing symlink resolved. */
  readonly real: string;
  readonly inside: boolean;
  /** Workspace-relative POSIX path (`.` for the root) when inside, otherwise null. */
  readonly relative: string | null;
  /** Why it is outside: written absolute, `..` escapes, or a symlink leads out. Null when inside. */
  readonly outsideBy: "absolute" | "traversal" | "symlink" | null;
  readonly exists: boolean;
}

const MAX_SYMLINK_HOPS = 40; // Linux's MAXSYMLINKS: beyond it open() fails with ELOOP, and so do we

export class PathResolutionError extends Error {
  override readonly name = "PathResolutionError";
}

/**
 * `workspace` and `cwd` must already be real (symlink-free) absolute paths. Synchronous on purpose:
 * each step is one local syscall (~2 µs), while its promise version costs a thread-pool round trip
 * (~20–50 µs) — and every guarded call waits for this before anything else happens (ADR 15).
 */
export function resolvePath(arg: string, input: string, workspace: string, cwd: string): ResolvedPath {
  if (input.includes("\0")) throw new PathResolutionError("path contains a NUL byte");
  // String concatenation, not path.join: join would fold `link/..` lexically, but the kernel
  // resolves `..` after following `link`, which may be somewhere else entirely.
  const joined = path.isAbsolute(input) ? input : `${cwd}/${input}`;
  const { real, exists } = realish(joined, 0);
  const inside = isInside(real, workspace);
  let outsideBy: ResolvedPath["outsideBy"] = null;
  if (!inside) {
    const lexical = path.resolve(cwd, input);
    if (isInside(lexical, workspace)) outsideBy = "symlink";
    else outsideBy = path.isAbsolute(input) ? "absolute" : "traversal";
  }
  const relative = inside ? path.relative(workspace, real).split(path.sep).join("/") || "." : null;
  return { arg, input, real, inside, relative, outsideBy, exists };
}

export function isInside(candidate: string, root: string): boolean {
  if (root === "/") return candidate.startsWith("/");
  return candidate === root || candidate.startsWith(`${root}/`);
}

/**
 * `realish` for other resolvers (the protected-anchor rule resolves anchors and shell words the
 * same way path arguments are resolved). Throws PathResolutionError like resolvePath.
 */
export function realPathOf(p: string): { real: string; exists: boolean } {
  return realish(p, 0);
}

/** realpath that also resolves paths whose tail does not exist yet (a file about to be written). */
function realish(p: string, hops: number): { real: string; exists: boolean } {
  try {
    return { real: realpathSync.native(p), exists: true };
  } catch (error) {
    if (!isMissing(error)) throw new PathResolutionError(`cannot resolve ${p}: ${(error as Error).message}`);
  }
  // Walk component by component: follow each symlink (even a dangling one, whose target is where a
  // write would land), and once a component is missing nothing below it can be a link.
  const parts = p.split("/");
  let base = "/";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === "" || part === ".") continue;
    if (part === "..") {
      base = path.dirname(base); // `base` is real here, so its parent is what `..` means
      continue;
    }
    const candidate = base === "/" ? `/${part}` : `${base}/${part}`;
    let stat: Stats;
    try {
      stat = lstatSync(candidate);
    } catch (error) {
      if (!isMissing(error))
        throw new PathResolutionError(`cannot resolve ${candidate}: ${(error as Error).message}`);
      return { real: path.resolve(candidate, ...parts.slice(i + 1)), exists: false };
    }
    if (stat.isSymbolicLink()) {
      if (hops >= MAX_SYMLINK_HOPS) throw new PathResolutionError(`too many symbolic links in ${p}`);
      const target = readlinkSync(candidate);
      const next = path.isAbsolute(target) ? target : `${base}/${target}`;
      const rest = parts.slice(i + 1).join("/");
      return realish(rest === "" ? next : `${next}/${rest}`, hops + 1);
    }
    if (!stat.isDirectory() && i < parts.length - 1) {
      // open() would fail with ENOTDIR; classify the lexical remainder (fails closed if it escapes).
      return { real: path.resolve(candidate, ...parts.slice(i + 1)), exists: false };
    }
    base = candidate;
  }
  return { real: base, exists: false };
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}
