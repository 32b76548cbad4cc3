import { z } from "zod";

// Queue names and job payload schemas, defined once and shared by producers (the web app's ingest
// and key registration) and consumers (apps/worker). A payload that does not parse is refused at
// enqueue and again at consumption: Redis is a transport, not a source of truth.

const tenantId = z.uuid();

export const jobSchemas = {
  /** Derive a shipped session's summary (agent, model, operator, time span) from its stored envelopes. */
  index: z.object({ tenantId, sessionId: z.uuid(), fromSeq: z.number().int().nonnegative() }),
  /** Re-check `verified` for a project's sessions after its operator keys changed. */
  reverify: z.object({ tenantId, projectId: z.uuid() }),
} as const;

export type QueueName = keyof typeof jobSchemas;
export type JobPayload<Q extends QueueName> = z.infer<(typeof jobSchemas)[Q]>;

export const queueNames = Object.keys(jobSchemas) as QueueName[];

/** Every job is idempotent, so it is retried: 5 attempts, exponential backoff from 1 s. */
export const JOB_ATTEMPTS = 5;
export const JOB_BACKOFF_MS = 1000;
