import { isAbsolute, join } from "node:path";
import { z } from "zod";
import { CliError } from "./cli-error.ts";

// The environment is read once, here, at process start; nothing else reads process.env.
const envSchema = z.object({
  LODESTAR_HOME: z.string().min(1).optional(),
  LODESTAR_MCP_ALLOW_HIGH: z.enum(["0", "1", "true", "false"]).optional(),
  LODESTAR_DEBUG: z.string().optional(),
  LODESTAR_MACHINAUT_URL: z.url({ protocol: /^https?$/ }).optional(),
  LODESTAR_MACHINAUT_TOKEN: z.string().min(1).optional(),
  /** Where `lodestar init` puts approver secret keys (absolute; it is recorded in config.yaml). */
  LODESTAR_KEY_STORE: z
    .string()
    .min(1)
    .refine(isAbsolute, "must be an absolute path (the key store lives outside every workspace)")
    .optional(),
  // The XDG base directory spec: a relative XDG_DATA_HOME is invalid and ignored.
  XDG_DATA_HOME: z.string().optional(),
  HOME: z.string().optional(),
});

export interface CliEnv {
  home: string | undefined;
  allowHigh: boolean | undefined;
  debug: boolean;
  /** `lodestar ship`'s endpoint and token; they override `machinaut:` in the config. */
  machinautUrl: string | undefined;
  machinautToken: string | undefined;
  /** LODESTAR_KEY_STORE when set. */
  keyStore: string | undefined;
  /**
   * The per-user key store `lodestar init` records when LODESTAR_KEY_STORE is not set:
   * $XDG_DATA_HOME/lodestar/keys, else ~/.local/share/lodestar/keys; undefined with no home.
   */
  defaultKeyStore: string | undefined;
}

/** Throws a CliError naming the variable: a bad environment is a usage mistake, not a crash. */
export function parseEnv(raw: NodeJS.ProcessEnv): CliEnv {
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError("usage", `environment variable ${String(issue.path[0])}: ${issue.message}`);
  }
  const env = parsed.data;
  return {
    home: env.LODESTAR_HOME,
    allowHigh:
      env.LODESTAR_MCP_ALLOW_HIGH === undefined
        ? undefined
        : ["1", "true"].includes(env.LODESTAR_MCP_ALLOW_HIGH),
    debug: env.LODESTAR_DEBUG !== undefined && env.LODESTAR_DEBUG !== "",
    machinautUrl: env.LODESTAR_MACHINAUT_URL,
    machinautToken: env.LODESTAR_MACHINAUT_TOKEN,
    keyStore: env.LODESTAR_KEY_STORE,
    defaultKeyStore:
      env.XDG_DATA_HOME !== undefined && isAbsolute(env.XDG_DATA_HOME)
        ? join(env.XDG_DATA_HOME, "lodestar", "keys")
        : env.HOME !== undefined && isAbsolute(env.HOME)
          ? join(env.HOME, ".local", "share", "lodestar", "keys")
          : undefined,
  };
}
