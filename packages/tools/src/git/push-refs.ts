import { z } from "zod";
import { parseArgs } from "../define-tool.ts";
import { ToolError } from "../errors.ts";
import { parseToolsOptions } from "../options.ts";
import { openWorkspace } from "../workspace/workspace.ts";
import { parsePushRefspec } from "./push-refspec.ts";
import { createGitRunner, type GitRunner } from "./run-git.ts";
import { assertRemoteName } from "./validate.ts";

export const gitPushArgs = z.strictObject({
  remote: z.string().default("origin").describe("Name of a configured remote (never a URL)."),
  refspecs: z
    .array(z.string())
    .max(32)
    .default([])
    .describe("e.g. 'feature', 'HEAD:feature', ':old-branch'. Empty: the current branch to the same name."),
  force: z.boolean().default(false).describe("Force every ref (same as a '+' prefix)."),
});
export type GitPushArgs = z.output<typeof gitPushArgs>;

/** One ref update, fully qualified: exactly what `git.push` hands to git. */
export interface PushRef {
  /** The refspec actually pushed, e.g. `+refs/heads/feature:refs/heads/main`. */
  refspec: string;
  /** Full local ref (`refs/heads/x`, `refs/tags/v1`) or a commit id; `null` for a delete. */
  source: string | null;
  /** Full remote ref, e.g. `refs/heads/main`. */
  destination: string;
  /** Short branch name when the destination is under `refs/heads/`, else `null`. */
  branch: string | null;
  force: boolean;
  delete: boolean;
}

export interface PushClassification extends Record<string, unknown> {
  remote: string;
  /** Push URL of the remote, with any userinfo (credentials) removed. */
  remoteUrl: string;
  refs: PushRef[];
}

/**
 * Resolves what a `git.push` call would update, for policy (e.g. "a push to refs/heads/main is
 * L4"). Every destination is made fully qualified and the tool pushes exactly these refspecs, so
 * git's own guessing (push.default, remote.*.push, DWIM on the remote side) never applies.
 */
export async function classifyPushRefs(
  args: unknown,
  options: { workspace: string; env?: Record<string, string | undefined>; gitBinary?: string },
): Promise<PushClassification> {
  const config = parseToolsOptions({
    workspace: options.workspace,
    ...(options.gitBinary === undefined ? {} : { git: { binary: options.gitBinary } }),
  });
  const ws = openWorkspace(config.workspace);
  const git = createGitRunner(ws.root, config.git, options.env ?? process.env);
  return resolvePushRefs(git, parseArgs("git.push", gitPushArgs, args));
}

export async function resolvePushRefs(
  git: GitRunner,
  args: GitPushArgs,
  signal?: AbortSignal,
): Promise<PushClassification> {
  const opts = signal === undefined ? {} : { signal };
  assertRemoteName(args.remote);
  const remotes = (await git.run(["remote"], opts)).stdout.split("\n").filter(Boolean);
  if (!remotes.includes(args.remote)) {
    throw new ToolError("invalid-remote", `no remote named ${args.remote}`, {
      details: { remote: args.remote },
    });
  }
  const url = (await git.run(["remote", "get-url", "--push", args.remote], opts)).stdout.trim();
  const head = await git.run(["symbolic-ref", "--quiet", "HEAD"], { ...opts, allowExit: [1] });
  const currentBranch = head.exitCode === 0 ? head.stdout.trim() : null;

  const specs = args.refspecs.length > 0 ? args.refspecs : [currentBranch ?? "HEAD"];
  if (args.refspecs.length === 0 && currentBranch === null) {
    throw new ToolError("invalid-refspec", "HEAD is detached; name what to push (e.g. HEAD:branch)");
  }
  const refs: PushRef[] = [];
  for (const spec of specs) {
    const parsed = parsePushRefspec(spec);
    const force = parsed.force || args.force;
    let source: string | null = null;
    if (parsed.source !== null) source = await resolveSource(git, parsed.source, currentBranch, spec, opts);
    let destination = parsed.destination ?? source;
    if (destination === null || (parsed.destination === null && !destination.startsWith("refs/"))) {
      throw new ToolError(
        "invalid-refspec",
        `refspec ${JSON.stringify(spec)} needs a destination (src:dst)`,
        {
          details: { refspec: spec },
        },
      );
    }
    if (!destination.startsWith("refs/")) {
      // Unqualified destinations follow the source's kind; a delete or a commit id means a branch.
      destination = `${source?.startsWith("refs/tags/") ? "refs/tags/" : "refs/heads/"}${destination}`;
    }
    refs.push({
      refspec: `${force ? "+" : ""}${source ?? ""}:${destination}`,
      source,
      destination,
      branch: destination.startsWith("refs/heads/") ? destination.slice("refs/heads/".length) : null,
      force,
      delete: parsed.delete,
    });
  }
  return { remote: args.remote, remoteUrl: stripUserinfo(url), refs };
}

async function resolveSource(
  git: GitRunner,
  source: string,
  currentBranch: string | null,
  spec: string,
  opts: { signal?: AbortSignal },
): Promise<string> {
  if ((source === "HEAD" || source === "@") && currentBranch !== null) return currentBranch;
  const object = await git.run(["rev-parse", "--verify", "--quiet", `${source}^{object}`], {
    ...opts,
    allowExit: [1],
  });
  if (object.exitCode !== 0) {
    throw new ToolError("invalid-refspec", `refspec ${JSON.stringify(spec)}: ${source} names no object`, {
      details: { refspec: spec },
    });
  }
  const full = await git.run(["rev-parse", "--symbolic-full-name", source], opts);
  const name = full.stdout.trim();
  if (/ambiguous/i.test(full.stderr)) {
    throw new ToolError("invalid-refspec", `refspec ${JSON.stringify(spec)}: ${source} is ambiguous`, {
      details: { refspec: spec },
    });
  }
  // An expression (HEAD~1, a commit id, detached HEAD) is pinned to the object it names now.
  return name.startsWith("refs/") ? name : object.stdout.trim();
}

function stripUserinfo(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === "" && parsed.password === "") return url;
    parsed.username = "";
    parsed.password = "";
    return parsed.href;
  } catch {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, "$1"); // scp-like or path remotes pass through
  }
}
