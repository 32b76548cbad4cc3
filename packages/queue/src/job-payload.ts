import { type JobPayload, jobSchemas, type QueueName } from "./queues.ts";

export class JobPayloadError extends Error {
  readonly code = "invalid-job-payload";
  constructor(
    readonly queue: QueueName,
    readonly issues: string,
  ) {
    super(`invalid ${queue} job payload: ${issues}`);
    this.name = "JobPayloadError";
  }
}

/** Parses a payload against its queue's schema; the error names every bad field. */
export function parsePayload<Q extends QueueName>(queue: Q, data: unknown): JobPayload<Q> {
  const parsed = jobSchemas[queue].safeParse(data);
  if (!parsed.success) {
    throw new JobPayloadError(
      queue,
      parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "),
    );
  }
  return parsed.data as JobPayload<Q>;
}
