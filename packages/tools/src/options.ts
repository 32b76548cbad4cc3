import { z } from "zod";
import { ToolError } from "./errors.ts";

const MiB = 1024 * 1024;

const positiveInt = z.number().int().positive();

/** `host` is a hostname (IDN allowed, normalised like URLs are) or `*.suffix` for subdomains. */
export const httpAllowRuleSchema = z.strictObject({
  host: z.string().min(1),
  methods: z.array(z.string().min(1)).min(1),
  /** Restrict to these ports; every port when absent. */
  ports: z.array(z.number().int().min(1).max(65535)).optional(),
});

export const toolsOptionsSchema = z.strictObject({
  /** The directory every tool is confined to. */
  workspace: z.string().min(1),
  /**
   * Path segment names refused by fs tools and git path arguments: `.git` (hooks and config run
   * code) and `.lodestar`, the default name of Lodestar's home (config, policy, keys, logs).
   */
  protect: z.array(z.string().min(1)).default([".git", ".lodestar"]),
  /**
   * Absolute paths no tool may reach, nor name in a command: Lodestar's home and approver key
   * store wherever they are (`lodestar tools` passes them). A folder holding one is never deleted.
   */
  protectedPaths: z
    .array(
      z
        .string()
        .min(1)
        .refine((p) => p.startsWith("/"), "must be an absolute path"),
    )
    .default([]),
  /** Environment snapshot the allow-lists pick from; defaults to the process env at creation. */
  env: z.record(z.string(), z.string().optional()).optional(),
  fs: z
    .strictObject({
      maxReadBytes: positiveInt.default(10 * MiB),
      maxWriteBytes: positiveInt.default(10 * MiB),
      maxListEntries: positiveInt.default(10_000),
      maxDeleteEntries: positiveInt.default(10_000),
    })
    .prefault({}),
  shell: z
    .strictObject({
      /** `shell: true` calls are CRITICAL (never run) unless this is set. */
      allowShell: z.boolean().default(false),
      envAllow: z
        .array(z.string())
        .default(["PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TERM", "TZ", "TMPDIR", "USER", "LOGNAME"]),
      timeoutMs: positiveInt.default(60_000),
      maxTimeoutMs: positiveInt.default(600_000),
      maxOutputBytes: positiveInt.default(MiB),
    })
    .prefault({}),
  git: z
    .strictObject({
      binary: z.string().min(1).default("git"),
      envAllow: z
        .array(z.string())
        .default(["PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "USER", "LOGNAME", "SSH_AUTH_SOCK"]),
      timeoutMs: positiveInt.default(120_000),
      maxOutputBytes: positiveInt.default(4 * MiB),
    })
    .prefault({}),
  http: z
    .strictObject({
      allow: z.array(httpAllowRuleSchema).default([]),
      timeoutMs: positiveInt.default(30_000),
      maxResponseBytes: positiveInt.default(10 * MiB),
      maxRequestBytes: positiveInt.default(MiB),
      maxRedirects: z.number().int().min(0).default(5),
    })
    .prefault({}),
});

export type CreateToolsOptions = z.input<typeof toolsOptionsSchema>;
export type ToolsOptions = z.output<typeof toolsOptionsSchema>;
export type HttpAllowRule = z.output<typeof httpAllowRuleSchema>;

export function parseToolsOptions(options: CreateToolsOptions): ToolsOptions {
  const parsed = toolsOptionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  throw new ToolError("invalid-argument", `invalid tools options: ${issues.join("; ")}`, {
    details: { issues },
  });
}
