import { isAbsolute } from "node:path";
import { ToolError } from "../errors.ts";

/** A path argument after lexical validation: workspace-relative segments, nothing resolved yet. */
export interface WorkspacePath {
  /** What the caller sent, for error messages. */
  input: string;
  /** Normalised workspace-relative path with `/` separators; `""` for the root. */
  relative: string;
  segments: string[];
}

const MAX_PATH_LENGTH = 4096;

export function isProtectedSegment(segment: string, protect: readonly string[]): boolean {
  // Case-insensitive: on a case-insensitive filesystem `.GIT/config` is `.git/config`.
  const lower = segment.toLowerCase();
  return protect.some((name) => name.toLowerCase() === lower);
}

/**
 * Lexical checks on an agent-supplied path (attacker-controlled): NUL bytes, `..`, absolute paths
 * outside the workspace and protected names (`.git`) are refused before anything touches the disk.
 * `roots` are the workspace as configured and as resolved (realpath); absolute paths under either
 * are accepted and made relative.
 */
export function parseWorkspacePath(
  input: string,
  roots: readonly string[],
  protect: readonly string[],
  options: { allowRoot?: boolean } = {},
): WorkspacePath {
  if (typeof input !== "string") throw new ToolError("invalid-path", "path must be a string");
  // Threat: NUL truncation — C APIs stop at NUL, so `ok.txt\0/../../etc/passwd` means two things.
  if (input.includes("\0"))
    throw new ToolError("invalid-path", "path contains a NUL byte", { details: { input } });
  if (input.length > MAX_PATH_LENGTH) throw new ToolError("invalid-path", "path is too long");

  let rest = input;
  if (isAbsolute(input)) {
    // Threat: absolute path to anywhere on the host (`/etc/passwd`, `~/.ssh/id_ed25519`).
    const root = roots.find((r) => input === r || input.startsWith(r.endsWith("/") ? r : `${r}/`));
    if (root === undefined) {
      throw new ToolError("outside-workspace", `absolute path is outside the workspace: ${input}`, {
        details: { input },
      });
    }
    rest = input.slice(root.length);
  }

  const raw = rest.split("/").filter((s) => s !== "" && s !== ".");
  if (raw.includes("..")) {
    // Threat: traversal. `..` is refused even when it would stay inside (`link/../x`), because the
    // kernel resolves `..` after following `link`, so lexical and real meaning differ.
    let depth = 0;
    let leaves = false;
    for (const segment of raw) {
      depth += segment === ".." ? -1 : 1;
      if (depth < 0) leaves = true;
    }
    throw new ToolError(
      leaves ? "outside-workspace" : "invalid-path",
      `path may not contain '..': ${input}`,
      { details: { input } },
    );
  }
  for (const segment of raw) {
    if (isProtectedSegment(segment, protect)) {
      // Threat: writing `.git/config` (core.fsmonitor, hooks) turns the next `git status` into code execution.
      throw new ToolError("protected-path", `path is protected: ${input}`, { details: { input, segment } });
    }
  }
  if (raw.length === 0 && options.allowRoot !== true) {
    throw new ToolError("invalid-path", "path must name an entry inside the workspace, not its root", {
      details: { input },
    });
  }
  return { input, relative: raw.join("/"), segments: raw };
}
