import { ToolError } from "../errors.ts";
import type { Workspace } from "../workspace/workspace.ts";

// Remote names: no `/`, `:` or leading `-`, so a URL, a path or an option can never pass as one
// (threat: pushing to an attacker's URL; `--upload-pack=...` / `--receive-pack=...` injection).
const REMOTE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

// Revisions: a leading letter, digit or `@` rules out options such as `--output=/etc/x`.
const REVISION = /^[A-Za-z0-9@][A-Za-z0-9._/@{}~^-]{0,199}$/;

export function assertRemoteName(remote: string): void {
  if (!REMOTE_NAME.test(remote) || remote.endsWith(".lock") || remote.includes("..")) {
    throw new ToolError("invalid-remote", `not a valid remote name: ${JSON.stringify(remote)}`, {
      details: { remote },
    });
  }
}

export function assertRevision(revision: string): void {
  if (!REVISION.test(revision)) {
    throw new ToolError("invalid-revision", `not a valid revision: ${JSON.stringify(revision)}`, {
      details: { revision },
    });
  }
}

/** Workspace-relative pathspecs for git, after the same lexical checks as the fs tools. */
export function gitPaths(ws: Workspace, paths: readonly string[]): string[] {
  return paths.map((p) => {
    const parsed = ws.parse(p, { allowRoot: true });
    return parsed.relative === "" ? "." : parsed.relative;
  });
}
