import { constants } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import type { ToolDefinition } from "../types.ts";
import { O_DIRECTORY, type Workspace } from "../workspace/workspace.ts";

export const fsListArgs = z.strictObject({
  path: z.string().default(".").describe("Directory path, relative to the workspace root."),
});
export type FsListArgs = z.output<typeof fsListArgs>;

export type FsEntryType = "file" | "directory" | "symlink" | "other";

export interface FsListResult extends Record<string, unknown> {
  path: string;
  entries: Array<{ name: string; type: FsEntryType; size: number }>;
  truncated: boolean;
}

export function createFsList(
  ws: Workspace,
  limits: { maxListEntries: number },
): ToolDefinition<FsListArgs, FsListResult> {
  return defineTool({
    name: "fs.list",
    description: "List a directory inside the workspace. Symlinks are reported, never followed.",
    risk: "LOW",
    inputSchema: fsListArgs,
    hints: { readOnly: true, destructive: false, openWorld: false },
    async handler(args) {
      const path = ws.parse(args.path, { allowRoot: true });
      const real = await ws.realpathInside(path);
      const handle = await ws.openVerified(real, constants.O_RDONLY | O_DIRECTORY, path.input);
      try {
        // Read the directory through its verified descriptor, not its path (TOCTOU swap).
        const dir = { handle, real };
        const names = (await readdir(ws.childPath(dir, "."))).sort();
        const truncated = names.length > limits.maxListEntries;
        const entries: FsListResult["entries"] = [];
        for (const name of names.slice(0, limits.maxListEntries)) {
          // lstat: describe a symlink as a symlink; following it could stat outside the workspace.
          const info = await lstat(ws.childPath(dir, name)).catch(() => undefined);
          if (info === undefined) continue; // removed while listing
          const type: FsEntryType = info.isSymbolicLink()
            ? "symlink"
            : info.isDirectory()
              ? "directory"
              : info.isFile()
                ? "file"
                : "other";
          entries.push({ name, type, size: type === "file" ? info.size : 0 });
        }
        return { path: path.relative === "" ? "." : path.relative, entries, truncated };
      } finally {
        await handle.close();
      }
    },
  });
}
