import { type GitPush, gitPushFromArgs, gitPushFromWords } from "./git-push.ts";
import type { ArgSpec, ToolSpec } from "./policy-source.ts";
import type { ResolvedPath } from "./resolve-path.ts";
import { analyzeShell, type ShellAnalysis } from "./shell-analysis.ts";
import { classifyUrl, type UrlInfo } from "./url-info.ts";

export interface ResolvedCommand {
  readonly arg: string;
  /** An array command is run with execve, no shell: its words are literal by construction. */
  readonly viaShell: boolean;
  readonly shell: ShellAnalysis;
}

export interface ResolvedUrl extends UrlInfo {
  readonly arg: string;
}

export interface InvalidArg {
  readonly arg: string;
  readonly reason: string;
}

export interface Classified {
  /** Arguments as they should run: real paths, normalised URLs, upper-case methods, defaults filled. */
  readonly args: Record<string, unknown>;
  readonly commands: readonly ResolvedCommand[];
  readonly urls: readonly ResolvedUrl[];
  readonly git: readonly GitPush[];
  readonly invalid: readonly InvalidArg[];
}

/** Values of a declared argument, default applied; own properties only (agent JSON may say `constructor`). */
export function argValue(proposed: Readonly<Record<string, unknown>>, name: string, spec: ArgSpec): unknown {
  return Object.hasOwn(proposed, name) ? proposed[name] : spec.default;
}

export function stringList(value: unknown): string[] | null {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")) return value;
  return null;
}

/**
 * Classifies every declared argument of a call (pure; path I/O has already produced `paths`).
 * Anything that does not have the declared shape is reported in `invalid`, which the gate denies:
 * a value we cannot classify is a value we cannot vouch for.
 */
export function classifyArgs(
  tool: ToolSpec,
  proposed: Readonly<Record<string, unknown>>,
  paths: readonly ResolvedPath[],
): Classified {
  const args: Record<string, unknown> = { ...proposed };
  const commands: ResolvedCommand[] = [];
  const urls: ResolvedUrl[] = [];
  const git: GitPush[] = [];
  const invalid: InvalidArg[] = [];
  let method: string | null = null;
  let remote: string | null = null;
  let force = false;
  let hasGitArgs = false;
  const refspecs: string[] = [];
  const urlArgs: [string, string][] = [];
  for (const [name, spec] of Object.entries(tool.args)) {
    const value = argValue(proposed, name, spec);
    if (value === undefined) continue;
    args[name] = value;
    const bad = (reason: string) => invalid.push({ arg: name, reason });
    switch (spec.kind) {
      case "path": {
        const list = stringList(value);
        if (list === null) bad("expected a path string or a non-empty list of them");
        else {
          const real = paths.filter((p) => p.arg === name).map((p) => p.real);
          if (real.length === list.length) args[name] = typeof value === "string" ? real[0] : real;
          else bad("path could not be resolved");
        }
        break;
      }
      case "command":
        if (typeof value === "string")
          commands.push({ arg: name, viaShell: true, shell: analyzeShell(value) });
        else if (stringList(value) !== null)
          commands.push({ arg: name, viaShell: false, shell: argvAnalysis(value as string[]) });
        else bad("expected a command string or a non-empty argv list");
        break;
      case "url":
        if (typeof value === "string") urlArgs.push([name, value]);
        else bad("expected a URL string");
        break;
      case "http-method":
        if (typeof value === "string") method = value;
        else bad("expected an HTTP method string");
        break;
      case "git-remote":
        hasGitArgs = true;
        if (typeof value === "string" && value !== "") remote = value;
        else bad("expected a remote name or URL");
        break;
      case "git-ref": {
        hasGitArgs = true;
        const list = stringList(value);
        if (list === null) bad("expected a refspec or a non-empty list of them");
        else refspecs.push(...list);
        break;
      }
      case "git-force":
        if (typeof value === "boolean") force ||= value;
        else bad("expected true or false");
        break;
    }
  }
  for (const [name, raw] of urlArgs) {
    const info = classifyUrl(raw, method);
    if ("error" in info) invalid.push({ arg: name, reason: info.error });
    else {
      urls.push({ arg: name, ...info });
      args[name] = info.href;
    }
  }
  for (const [name, spec] of Object.entries(tool.args)) {
    if (spec.kind === "http-method" && method !== null && /^[A-Za-z]+$/.test(method))
      args[name] = method.toUpperCase();
  }
  if (hasGitArgs) git.push(gitPushFromArgs(remote, refspecs, force));
  for (const command of commands) {
    for (const segment of command.shell.segments) {
      const push = gitPushFromWords(segment);
      if (push !== null) git.push(push);
    }
  }
  return { args, commands, urls, git, invalid };
}

function argvAnalysis(argv: readonly string[]): ShellAnalysis {
  const ok = !argv.some((w) => w.includes("\0"));
  return {
    ok,
    plain: ok,
    argv: ok ? argv : null,
    segments: [argv.map((value) => ({ value, dynamic: false }))],
    operators: ok ? [] : ["nul"],
    expansions: [],
  };
}
