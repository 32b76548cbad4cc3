import { z } from "zod";

// The web process's environment, parsed once (at first use, i.e. at run time, never during
// `next build`); nothing else reads process.env. Each field says who needs it.
const envSchema = z.object({
  /** Owner URL (migrations); also the app's URL when DATABASE_APP_URL is unset. */
  DATABASE_URL: z.url(),
  /** The app role's URL: not the owner, no BYPASSRLS (docs/adr/0022). */
  DATABASE_APP_URL: z.url().optional(),
  /** BullMQ's Redis; without it, jobs run in-process (self-hosted). */
  REDIS_URL: z.url().optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)"),
  AUTH_URL: z.url(),
  MACHINAUT_MODE: z.enum(["hosted", "self-hosted"]).default("hosted"),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).max(60).optional(),
});

export type ServerEnv = z.infer<typeof envSchema>;

export class EnvError extends Error {
  readonly code = "invalid-environment";
}

let parsed: ServerEnv | undefined;

/** The parsed environment. A bad variable is named in one line (never a stack of zod internals). */
export function serverEnv(): ServerEnv {
  if (parsed !== undefined) return parsed;
  const result = envSchema.safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; ");
    throw new EnvError(`machinaut: invalid environment: ${problems}`);
  }
  parsed = result.data;
  return parsed;
}
