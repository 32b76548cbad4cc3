import { z } from "zod";

// Queue names and job payload schemas, defined once and shared by producers (the web app,
// `lodestar ship` ingest) and consumers (apps/worker). A payload that does not parse is refused
// at enqueue and again at consumption: Redis is a transport, not a source of truth.

const tenantId = z.string().uuid();

export const jobSchemas = {
  ingest: z.object({ tenantId, batchId: z.string().min(1).max(200), session: z.string().min(1).max(200) }),
  index: z.object({ tenantId, session: z.string().min(1).max(200), fromSeq: z.number().int().nonnegative() }),
  announce: z.object({ tenantId, holdId: z.string().min(16).max(200), session: z.string().min(1).max(200) }),
  retention: z.object({ tenantId, olderThan: z.iso.datetime() }),
} as const;

export type QueueName = keyof typeof jobSchemas;
export type JobPayload<Q extends QueueName> = z.infer<(typeof jobSchemas)[Q]>;

export const queueNames = Object.keys(jobSchemas) as QueueName[];
