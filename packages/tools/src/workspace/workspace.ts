import { constants, existsSync, realpathSync, statSync } from "node:fs";
import { type FileHandle, lstat, mkdir, open, readlink, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { fromSystemError, ToolError } from "../errors.ts";
import { type ProtectedPaths, protectedPaths } from "./protected-paths.ts";
import { isProtectedSegment, parseWorkspacePath, type WorkspacePath } from "./workspace-path.ts";

// Flags absent on a platform are 0, which degrades to the plain open (documented limit).
export const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
export const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
export const O_DIRECTORY = constants.O_DIRECTORY ?? 0;

/** An open directory, addressed by descriptor where the platform allows (see `childPath`). */
export interface DirRef {
  handle: FileHandle;
  /** Its real path, verified from the descriptor after opening. */
  real: string;
}

export interface Workspace {
  /** The workspace root's real path (symlinks resolved once, at creation). */
  readonly root: string;
  /** Names refused as any path segment (default `.git`). */
  readonly protect: readonly string[];
  /** Lodestar's trust anchors (home, key store) wherever they are. */
  readonly anchors: ProtectedPaths;
  parse(input: string, options?: { allowRoot?: boolean }): WorkspacePath;
  contains(realPath: string): boolean;
  /** realpath of a parsed path; refuses when it lands outside the workspace or on a protected name. */
  realpathInside(path: WorkspacePath): Promise<string>;
  /** Opens `realPath` (never following a final symlink) and re-checks where the descriptor really points. */
  openVerified(realPath: string, flags: number, label: string, mode?: number): Promise<FileHandle>;
  /** Walks `segments` from the root one directory at a time, refusing every symlink on the way. */
  openDirChain(segments: readonly string[], options: { create: boolean; label: string }): Promise<DirRef>;
  /** A path for `name` inside `dir` that does not re-resolve the directory's own path (openat-like). */
  childPath(dir: DirRef, name: string): string;
  /** Real path of what an open descriptor refers to, verified to be inside the workspace. */
  verifyHandle(handle: FileHandle, expectedPath: string, label: string): Promise<string>;
}

export function openWorkspace(
  root: string,
  options: { protect?: readonly string[]; protectedPaths?: readonly string[] } = {},
): Workspace {
  if (root.includes("\0")) throw new ToolError("invalid-path", "workspace path contains a NUL byte");
  let real: string;
  try {
    real = realpathSync(root);
  } catch (error) {
    throw fromSystemError(error, root);
  }
  if (!statSync(real).isDirectory())
    throw new ToolError("not-a-directory", `workspace is not a directory: ${root}`);
  const protect = options.protect ?? [".git", ".lodestar"];
  const anchors = protectedPaths(options.protectedPaths ?? []);
  // /proc/self/fd/N re-opens exactly the object behind descriptor N: our stand-in for openat(2)
  // and fgetpath, which Node does not expose. Without it we fall back to path + inode comparison.
  const procFd = existsSync("/proc/self/fd");

  const contains = (p: string): boolean => p === real || p.startsWith(real === sep ? sep : real + sep);

  const checkReal = (p: string, label: string, code: "symlink-escape" | "outside-workspace"): void => {
    if (!contains(p)) {
      throw new ToolError(code, `${label} resolves outside the workspace`, { details: { path: label } });
    }
    // Threat: an agent rewriting Lodestar's own pinned keys, policy or session logs, or reading a key.
    if (anchors.relationOf(p) === "inside") {
      throw new ToolError("protected-path", `${label} is one of Lodestar's trust anchors`, {
        details: { path: label },
      });
    }
    const relative = p === real ? "" : p.slice(real.length + (real === sep ? 0 : 1));
    for (const segment of relative.split(sep)) {
      if (segment !== "" && isProtectedSegment(segment, protect)) {
        throw new ToolError("protected-path", `${label} resolves to a protected path`, {
          details: { path: label },
        });
      }
    }
  };

  /** On ELOOP: a symlink sat where we refused to follow one; say whether it leads outside. */
  const symlinkError = async (lexical: string, label: string, cause: unknown): Promise<ToolError> => {
    const target = await realpath(lexical).catch(() => undefined);
    if (target !== undefined && !contains(target)) {
      return new ToolError("symlink-escape", `${label} is a symlink leading outside the workspace`, {
        cause,
        details: { path: label },
      });
    }
    return new ToolError("symlink-refused", `${label} is a symlink; refusing to follow it`, {
      cause,
      details: { path: label },
    });
  };

  const verifyHandle = async (handle: FileHandle, expectedPath: string, label: string): Promise<string> => {
    let actual: string;
    if (procFd) {
      // readlink, not realpath: the kernel names the object itself; realpath would re-resolve that
      // name as a path, which a concurrent rename can change under it.
      actual = await readlink(`/proc/self/fd/${handle.fd}`).catch((error: unknown) => {
        throw fromSystemError(error, label);
      });
      if (actual.endsWith(" (deleted)") || !actual.startsWith(sep)) {
        throw new ToolError("not-found", `${label} was removed while it was being opened`, {
          details: { path: label },
        });
      }
    } else {
      // Fallback: the descriptor must be the same inode that the (re-resolved) path names now.
      actual = await realpath(expectedPath).catch((error: unknown) => {
        throw fromSystemError(error, label);
      });
      const [a, b] = await Promise.all([handle.stat(), stat(actual)]);
      if (a.ino !== b.ino || a.dev !== b.dev) {
        throw new ToolError("symlink-escape", `${label} changed while it was being opened`, {
          details: { path: label },
        });
      }
    }
    // Threat: TOCTOU swap of a directory or file for a symlink between realpath() and open().
    checkReal(actual, label, "symlink-escape");
    return actual;
  };

  const openVerified = async (
    realPath: string,
    flags: number,
    label: string,
    mode?: number,
  ): Promise<FileHandle> => {
    let handle: FileHandle;
    try {
      handle = await open(realPath, flags | O_NOFOLLOW, mode);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ELOOP" || (code === "ENOTDIR" && (await isSymlink(realPath)))) {
        throw await symlinkError(realPath, label, error);
      }
      throw fromSystemError(error, label);
    }
    try {
      await verifyHandle(handle, realPath, label);
      return handle;
    } catch (error) {
      await handle.close();
      throw error;
    }
  };

  const childPath = (dir: DirRef, name: string): string =>
    procFd ? `/proc/self/fd/${dir.handle.fd}/${name}` : join(dir.real, name);

  /** Opens one directory level without following a symlink; `undefined` when it does not exist. */
  const openDirNoFollow = async (
    path: string,
    lexical: string,
    label: string,
  ): Promise<FileHandle | undefined> => {
    try {
      return await open(path, constants.O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return undefined;
      // O_DIRECTORY|O_NOFOLLOW on a symlink fails with ELOOP, or ENOTDIR when it points to a directory.
      if (code === "ELOOP" || (code === "ENOTDIR" && (await isSymlink(path)))) {
        throw await symlinkError(lexical, label, error);
      }
      throw fromSystemError(error, label);
    }
  };

  const openDirChain = async (
    segments: readonly string[],
    options: { create: boolean; label: string },
  ): Promise<DirRef> => {
    let current: DirRef = { handle: await open(real, constants.O_RDONLY | O_DIRECTORY), real };
    try {
      for (const [index, segment] of segments.entries()) {
        const label = segments.slice(0, index + 1).join("/");
        const next = childPath(current, segment);
        const lexical = join(current.real, segment);
        let handle = await openDirNoFollow(next, lexical, label);
        if (handle === undefined && options.create) {
          await mkdir(next).catch((e: NodeJS.ErrnoException) => {
            if (e.code !== "EEXIST") throw fromSystemError(e, label);
          });
          handle = await openDirNoFollow(next, lexical, label);
        }
        if (handle === undefined)
          throw new ToolError("not-found", `no such directory: ${label}`, { details: { path: label } });
        await current.handle.close();
        current = { handle, real: join(current.real, segment) };
      }
      current.real = await verifyHandle(current.handle, current.real, options.label);
      return current;
    } catch (error) {
      await current.handle.close();
      throw error;
    }
  };

  return {
    root: real,
    protect,
    anchors,
    parse: (input, parseOptions) => {
      const parsed = parseWorkspacePath(input, unique([root, real]), protect, parseOptions);
      if (anchors.relationOf(join(real, ...parsed.segments)) === "inside")
        throw new ToolError("protected-path", `path is protected: ${input}`, { details: { input } });
      return parsed;
    },
    contains,
    async realpathInside(path) {
      const lexical = path.relative === "" ? real : join(real, ...path.segments);
      let resolved: string;
      try {
        resolved = await realpath(lexical);
      } catch (error) {
        throw fromSystemError(error, path.input);
      }
      // Threat: a symlink inside the workspace pointing to a file or directory outside it.
      checkReal(resolved, path.input, "symlink-escape");
      return resolved;
    },
    openVerified,
    openDirChain,
    childPath,
    verifyHandle,
  };
}

async function isSymlink(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined))?.isSymbolicLink() ?? false;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
