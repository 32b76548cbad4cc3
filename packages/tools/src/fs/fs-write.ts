import { constants } from "node:fs";
import { type FileHandle, open, realpath, unlink } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { fromSystemError, ToolError } from "../errors.ts";
import type { ToolDefinition } from "../types.ts";
import { type DirRef, O_NOFOLLOW, O_NONBLOCK, type Workspace } from "../workspace/workspace.ts";

export const fsWriteArgs = z.strictObject({
  path: z.string().describe("File path, relative to the workspace root."),
  content: z.string(),
  encoding: z.enum(["utf8", "base64"]).default("utf8"),
  mode: z
    .enum(["overwrite", "create", "append"])
    .default("overwrite")
    .describe("create: fail if the file exists; append: add to the end."),
  createDirs: z.boolean().default(false).describe("Create missing parent directories."),
});
export type FsWriteArgs = z.output<typeof fsWriteArgs>;

export interface FsWriteResult extends Record<string, unknown> {
  path: string;
  bytesWritten: number;
  created: boolean;
}

export function createFsWrite(
  ws: Workspace,
  limits: { maxWriteBytes: number },
): ToolDefinition<FsWriteArgs, FsWriteResult> {
  return defineTool({
    name: "fs.write",
    description:
      "Write a file inside the workspace. Never writes through a symlink or into a hard-linked file.",
    risk: "MEDIUM",
    inputSchema: fsWriteArgs,
    hints: { readOnly: false, destructive: true, openWorld: false },
    async handler(args) {
      const data = Buffer.from(args.content, args.encoding);
      if (data.length > limits.maxWriteBytes) {
        throw new ToolError(
          "too-large",
          `content is larger than the write limit of ${limits.maxWriteBytes} bytes`,
          {
            details: { limit: limits.maxWriteBytes, size: data.length },
          },
        );
      }
      const path = ws.parse(args.path);
      const name = path.segments.at(-1)!;
      // Every parent is opened with O_NOFOLLOW, one level at a time: a symlinked directory anywhere
      // on the way is refused rather than resolved (threat: writing through a link to outside).
      const dir = await ws.openDirChain(path.segments.slice(0, -1), {
        create: args.createDirs,
        label: path.input,
      });
      try {
        const { handle, created } = await openTarget(ws, dir, name, path.input, args.mode);
        try {
          const info = await handle.stat();
          if (!info.isFile()) throw new ToolError("not-a-file", `not a regular file: ${path.input}`);
          // Threat: a hard link inside the workspace to a file outside it has no symlink to detect.
          if (info.nlink > 1) {
            throw new ToolError(
              "hardlink-refused",
              `${path.input} has ${info.nlink} hard links; refusing to write`,
              {
                details: { path: path.input },
              },
            );
          }
          // Truncate only now, after the descriptor was verified (O_TRUNC at open would run first).
          if (args.mode === "overwrite") await handle.truncate(0);
          let written = 0;
          while (written < data.length) {
            const position = args.mode === "append" ? null : written;
            const { bytesWritten } = await handle.write(data, written, data.length - written, position);
            written += bytesWritten;
          }
          return { path: path.relative, bytesWritten: written, created };
        } finally {
          await handle.close();
        }
      } finally {
        await dir.handle.close();
      }
    },
  });
}

async function openTarget(
  ws: Workspace,
  dir: DirRef,
  name: string,
  label: string,
  mode: FsWriteArgs["mode"],
): Promise<{ handle: FileHandle; created: boolean }> {
  const target = ws.childPath(dir, name);
  const base = constants.O_WRONLY | O_NOFOLLOW | O_NONBLOCK | (mode === "append" ? constants.O_APPEND : 0);
  const attempt = async (flags: number): Promise<FileHandle | undefined> => {
    try {
      return await open(target, flags, 0o644);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return undefined;
      // Threat: writing through a symlink. Refused even when the link points inside the workspace.
      if (code === "ELOOP") throw await describeSymlink(ws, dir, name, label, error);
      if (code === "ENXIO")
        throw new ToolError("not-a-file", `not a regular file: ${label}`, { cause: error });
      throw fromSystemError(error, label);
    }
  };
  let handle = mode === "create" ? undefined : await attempt(base);
  let created = false;
  if (handle === undefined) {
    // O_EXCL: never adopt a file (or dangling symlink) that appeared after our first look.
    handle = await attempt(base | constants.O_CREAT | constants.O_EXCL);
    if (handle === undefined) throw new ToolError("not-found", `parent directory vanished: ${label}`);
    created = true;
  }
  try {
    await ws.verifyHandle(handle, join(dir.real, name), label);
  } catch (error) {
    await handle.close();
    // We created it exclusively a moment ago, so removing it removes nothing of anyone else's.
    if (created) await unlink(target).catch(() => undefined);
    throw error;
  }
  return { handle, created };
}

async function describeSymlink(ws: Workspace, dir: DirRef, name: string, label: string, cause: unknown) {
  const real = await realpath(ws.childPath(dir, name)).catch(() => undefined);
  if (real !== undefined && !ws.contains(real)) {
    return new ToolError("symlink-escape", `${label} is a symlink leading outside the workspace`, {
      cause,
      details: { path: label },
    });
  }
  return new ToolError("symlink-refused", `${label} is a symlink; refusing to write through it`, {
    cause,
    details: { path: label },
  });
}
