import { constants } from "node:fs";
import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { ToolError } from "../errors.ts";
import type { ToolDefinition } from "../types.ts";
import { O_NONBLOCK, type Workspace } from "../workspace/workspace.ts";

export const fsReadArgs = z.strictObject({
  path: z.string().describe("File path, relative to the workspace root."),
  encoding: z.enum(["utf8", "base64"]).default("utf8"),
  maxBytes: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("Refuse files larger than this (capped by config)."),
});
export type FsReadArgs = z.output<typeof fsReadArgs>;

export interface FsReadResult extends Record<string, unknown> {
  path: string;
  size: number;
  encoding: "utf8" | "base64";
  content: string;
}

export function createFsRead(
  ws: Workspace,
  limits: { maxReadBytes: number },
): ToolDefinition<FsReadArgs, FsReadResult> {
  return defineTool({
    name: "fs.read",
    description: "Read a file inside the workspace (symlinks may not lead outside it).",
    risk: "LOW",
    inputSchema: fsReadArgs,
    hints: { readOnly: true, destructive: false, openWorld: false },
    async handler(args) {
      const limit = Math.min(args.maxBytes ?? limits.maxReadBytes, limits.maxReadBytes);
      const path = ws.parse(args.path);
      const real = await ws.realpathInside(path);
      // O_NONBLOCK: opening a FIFO planted in the workspace must not hang the tool.
      const handle = await ws.openVerified(real, constants.O_RDONLY | O_NONBLOCK, path.input);
      try {
        const info = await handle.stat();
        // Threat: device files and FIFOs (a symlink to /dev/zero is caught above; a mknod'd one here).
        if (!info.isFile()) throw new ToolError("not-a-file", `not a regular file: ${path.input}`);
        if (info.size > limit) throw tooLarge(path.input, limit, info.size);
        // Read at most limit + 1 bytes: the file may grow between fstat and read.
        const buffer = Buffer.alloc(Math.min(limit + 1, info.size + 1));
        let total = 0;
        while (total < buffer.length) {
          const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
          if (bytesRead === 0) break;
          total += bytesRead;
        }
        if (total > limit) throw tooLarge(path.input, limit, total);
        const data = buffer.subarray(0, total);
        return {
          path: path.relative,
          size: total,
          encoding: args.encoding,
          content: data.toString(args.encoding),
        };
      } finally {
        await handle.close();
      }
    },
  });
}

function tooLarge(path: string, limit: number, size: number): ToolError {
  return new ToolError("too-large", `${path} is larger than the read limit of ${limit} bytes`, {
    details: { path, limit, size },
  });
}
