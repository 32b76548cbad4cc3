import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { ToolError } from "../errors.ts";
import type { ToolDefinition } from "../types.ts";
import type { GitRunner } from "./run-git.ts";

export const gitStatusArgs = z.strictObject({});
export type GitStatusArgs = z.output<typeof gitStatusArgs>;

export interface GitStatusEntry {
  path: string;
  /** Index (staged) and worktree status letters, as in `git status --porcelain`; `?` untracked. */
  index: string;
  worktree: string;
  /** Source path of a rename or copy. */
  from?: string;
}

export interface GitStatusResult extends Record<string, unknown> {
  branch: string | null;
  detached: boolean;
  upstream: string | null;
  ahead: number;
  behind: number;
  entries: GitStatusEntry[];
}

export function createGitStatus(git: GitRunner): ToolDefinition<GitStatusArgs, GitStatusResult> {
  return defineTool({
    name: "git.status",
    description: "Show the branch and changed files of the workspace repository.",
    risk: "LOW",
    inputSchema: gitStatusArgs,
    hints: { readOnly: true, destructive: false, openWorld: false },
    async handler(_args, { signal }) {
      const result = await git.run(["status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all"], {
        ...(signal === undefined ? {} : { signal }),
      });
      if (result.truncated) throw new ToolError("too-large", "git status output exceeds the output cap");
      return parsePorcelainV2(result.stdout);
    },
  });
}

/** Parses `git status --porcelain=v2 --branch -z`. */
export function parsePorcelainV2(output: string): GitStatusResult {
  const status: GitStatusResult = {
    branch: null,
    detached: false,
    upstream: null,
    ahead: 0,
    behind: 0,
    entries: [],
  };
  const records = output.split("\0");
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (record === "") continue;
    if (record.startsWith("# ")) {
      const [key, ...rest] = record.slice(2).split(" ");
      const value = rest.join(" ");
      if (key === "branch.head") {
        status.detached = value === "(detached)";
        status.branch = status.detached ? null : value;
      } else if (key === "branch.upstream") {
        status.upstream = value;
      } else if (key === "branch.ab") {
        const match = /^\+(\d+) -(\d+)$/.exec(value);
        status.ahead = Number(match?.[1] ?? 0);
        status.behind = Number(match?.[2] ?? 0);
      }
      continue;
    }
    const kind = record[0];
    if (kind === "?" || kind === "!") {
      status.entries.push({ path: record.slice(2), index: kind, worktree: kind });
    } else if (kind === "1" || kind === "2" || kind === "u") {
      // Fields before the path: 1 → 8, 2 → 9 (adds the score), u → 10.
      const fieldCount = kind === "1" ? 8 : kind === "2" ? 9 : 10;
      const fields = record.split(" ");
      const xy = fields[1] ?? "..";
      const entry: GitStatusEntry = {
        path: fields.slice(fieldCount).join(" "),
        index: xy[0] ?? ".",
        worktree: xy[1] ?? ".",
      };
      if (kind === "2") {
        entry.from = records[i + 1] ?? "";
        i++;
      }
      status.entries.push(entry);
    }
  }
  return status;
}
