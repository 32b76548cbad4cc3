import { constants } from "node:fs";
import { lstat, open, readdir, rmdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { fromSystemError, ToolError } from "../errors.ts";
import type { ToolDefinition } from "../types.ts";
import { type DirRef, O_DIRECTORY, O_NOFOLLOW, type Workspace } from "../workspace/workspace.ts";
import { isProtectedSegment } from "../workspace/workspace-path.ts";

export const fsDeleteArgs = z.strictObject({
  path: z.string().describe("File or directory path, relative to the workspace root."),
  recursive: z.boolean().default(false).describe("Delete a non-empty directory and everything in it."),
});
export type FsDeleteArgs = z.output<typeof fsDeleteArgs>;

export interface FsDeleteResult extends Record<string, unknown> {
  path: string;
  /** What was removed at `path`; a symlink is removed itself, its target is never touched. */
  type: "file" | "directory" | "symlink" | "other";
  /** Entries removed, including `path` itself. */
  removed: number;
}

export function createFsDelete(
  ws: Workspace,
  limits: { maxDeleteEntries: number },
): ToolDefinition<FsDeleteArgs, FsDeleteResult> {
  return defineTool({
    name: "fs.delete",
    description: "Delete a file, symlink or directory inside the workspace (recursive only when asked).",
    risk: "HIGH",
    inputSchema: fsDeleteArgs,
    hints: { readOnly: false, destructive: true, openWorld: false },
    async handler(args) {
      const path = ws.parse(args.path); // the root itself is refused here
      const name = path.segments.at(-1)!;
      const parent = await ws.openDirChain(path.segments.slice(0, -1), { create: false, label: path.input });
      try {
        // Deleting a folder that holds a trust anchor deletes the anchor.
        if (ws.anchors.relationOf(join(parent.real, name)) !== null) {
          throw new ToolError("protected-path", `${path.input} holds one of Lodestar's trust anchors`, {
            details: { path: path.input },
          });
        }
        const target = ws.childPath(parent, name);
        // lstat, never stat: deleting a symlink must remove the link, not what it points to.
        const info = await lstat(target).catch((error) => {
          throw fromSystemError(error, path.input);
        });
        if (!info.isDirectory()) {
          await unlink(target).catch((error) => {
            throw fromSystemError(error, path.input);
          });
          const type = info.isSymbolicLink() ? "symlink" : info.isFile() ? "file" : "other";
          return { path: path.relative, type, removed: 1 };
        }
        if (!args.recursive) {
          await rmdir(target).catch((error) => {
            throw fromSystemError(error, path.input);
          });
          return { path: path.relative, type: "directory", removed: 1 };
        }
        // Two passes: count and look for protected names first, so a refusal deletes nothing.
        const budget = { left: limits.maxDeleteEntries, dryRun: true };
        await removeTree(ws, parent, name, path.input, budget);
        const removed = limits.maxDeleteEntries - budget.left;
        await removeTree(ws, parent, name, path.input, { left: Number.POSITIVE_INFINITY, dryRun: false });
        return { path: path.relative, type: "directory", removed };
      } finally {
        await parent.handle.close();
      }
    },
  });
}

async function removeTree(
  ws: Workspace,
  parent: DirRef,
  name: string,
  label: string,
  budget: { left: number; dryRun: boolean },
): Promise<void> {
  const path = ws.childPath(parent, name);
  if (isProtectedSegment(name, ws.protect)) {
    throw new ToolError("protected-path", `${label} contains a protected path`, { details: { path: label } });
  }
  budget.left -= 1;
  if (budget.left < 0) {
    throw new ToolError("too-large", `${label} holds more entries than the delete limit`, {
      details: { path: label },
    });
  }
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // O_NOFOLLOW: a directory swapped for a symlink mid-walk makes us stop, not descend outside.
    handle = await open(path, constants.O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Swapped for a symlink since lstat said "directory": stop (ELOOP, or ENOTDIR for a dir link).
    if (code === "ELOOP" || code === "ENOTDIR") {
      throw new ToolError("symlink-refused", `${label} changed into a symlink during the delete`, {
        cause: error,
      });
    }
    throw fromSystemError(error, label);
  }
  const dir: DirRef = { handle, real: `${parent.real}/${name}` };
  try {
    dir.real = await ws.verifyHandle(handle, dir.real, label);
    for (const entry of await readdir(ws.childPath(dir, "."))) {
      const child = ws.childPath(dir, entry);
      const info = await lstat(child);
      if (info.isDirectory()) {
        await removeTree(ws, dir, entry, `${label}/${entry}`, budget);
        continue;
      }
      if (isProtectedSegment(entry, ws.protect)) {
        throw new ToolError("protected-path", `${label}/${entry} is protected`, {
          details: { path: `${label}/${entry}` },
        });
      }
      budget.left -= 1;
      if (budget.left < 0) {
        throw new ToolError("too-large", `${label} holds more entries than the delete limit`, {
          details: { path: label },
        });
      }
      if (!budget.dryRun) await unlink(child);
    }
  } finally {
    await handle.close();
  }
  if (!budget.dryRun) await rmdir(path);
}
