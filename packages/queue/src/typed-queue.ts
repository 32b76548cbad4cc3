import { type Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
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

function parsePayload<Q extends QueueName>(queue: Q, data: unknown): JobPayload<Q> {
  const parsed = jobSchemas[queue].safeParse(data);
  if (!parsed.success) {
    throw new JobPayloadError(
      queue,
      parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "),
    );
  }
  return parsed.data as JobPayload<Q>;
}

/** A producer for one queue. The caller owns `connection` (BullMQ does not close it). */
export function createProducer<Q extends QueueName>(queue: Q, connection: Redis) {
  const q = new Queue(queue, { connection });
  return {
    async enqueue(payload: JobPayload<Q>, options?: { jobId?: string }): Promise<string> {
      const data = parsePayload(queue, payload);
      // A caller-chosen jobId makes enqueue idempotent: the same batch shipped twice is one job.
      const job = await q.add(queue, data, {
        jobId: options?.jobId,
        removeOnComplete: 1000,
        removeOnFail: 5000,
      });
      return job.id!;
    },
    close: () => q.close(),
  };
}

/** A consumer for one queue; the processor only ever sees a payload that parsed. */
export function createConsumer<Q extends QueueName>(
  queue: Q,
  connection: Redis,
  process: (payload: JobPayload<Q>, job: Job) => Promise<unknown>,
  options?: { concurrency?: number },
): Worker {
  return new Worker(queue, (job) => process(parsePayload(queue, job.data), job), {
    connection,
    concurrency: options?.concurrency ?? 1,
  });
}
