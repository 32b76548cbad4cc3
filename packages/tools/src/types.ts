import type { z } from "zod";

/** Default risk a tool declares; the policy file refers to it. CRITICAL calls never run. */
export type ToolRisk = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";

export type ToolName =
  | "fs.read"
  | "fs.list"
  | "fs.write"
  | "fs.delete"
  | "shell.exec"
  | "git.status"
  | "git.diff"
  | "git.commit"
  | "git.push"
  | "http.request";

export interface ToolRunContext {
  /** Aborts the call (client cancelled, hold expired); children are killed, requests dropped. */
  signal?: AbortSignal;
}

/** Hints for MCP clients (`ToolAnnotations`); informational only, never trusted for policy. */
export interface ToolHints {
  readOnly: boolean;
  destructive: boolean;
  openWorld: boolean;
}

export interface ToolDefinition<
  Args = unknown,
  Result extends Record<string, unknown> = Record<string, unknown>,
> {
  name: ToolName;
  description: string;
  /** The tool's default risk. */
  risk: ToolRisk;
  /** Strict zod schema of the arguments: unknown keys are rejected, not ignored. */
  inputSchema: z.ZodType<Args>;
  hints: ToolHints;
  /** Risk of one concrete call (e.g. `shell.exec` with `shell: true` is CRITICAL unless allowed). */
  riskFor(args: unknown): ToolRisk;
  /** Validates `args` against `inputSchema` itself (callers are not trusted to have done it). */
  run(args: unknown, context?: ToolRunContext): Promise<Result>;
}

/** A list of tool definitions of mixed argument types. */
// biome-ignore lint/suspicious/noExplicitAny: heterogeneous registry; each tool validates its own args.
export type AnyToolDefinition = ToolDefinition<any, Record<string, unknown>>;
