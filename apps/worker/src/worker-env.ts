import { queueNames } from "@lodestar/queue";
import { z } from "zod";

const queueList = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((q) => q.trim())
      .filter((q) => q !== ""),
  )
  .pipe(z.array(z.enum(queueNames as [string, ...string[]])).min(1));

// The worker process's environment, parsed once at start; nothing else reads process.env.
const workerEnvSchema = z.object({
  /** The app role's URL (row-level security applies to jobs exactly as to requests). */
  DATABASE_APP_URL: z.url().optional(),
  DATABASE_URL: z.url(),
  REDIS_URL: z.url(),
  /** Which queues this process consumes (comma-separated); default all. */
  WORKER_QUEUES: queueList.optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

/** Parses the environment; a bad variable is named in one line. */
export function parseWorkerEnv(env: NodeJS.ProcessEnv): WorkerEnv {
  const result = workerEnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; ");
    throw new Error(`machinaut worker: invalid environment: ${problems}`);
  }
  return result.data;
}
