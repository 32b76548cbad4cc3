import { createHash } from "node:crypto";
import { type Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { parsePayload } from "./job-payload.ts";
import type { JobSink } from "./job-sink.ts";
import { JOB_ATTEMPTS, JOB_BACKOFF_MS, type JobPayload, type QueueName } from "./queues.ts";

/** BullMQ key prefix: lets tests (and several deployments on one Redis) keep their queues apart. */
export interface QueueOptions {
  prefix?: string;
}

/** A producer for one queue. The caller owns `connection` (BullMQ does not close it). */
export function createProducer<Q extends QueueName>(queue: Q, connection: Redis, options: QueueOptions = {}) {
  const q = new Queue(queue, { connection, ...(options.prefix ? { prefix: options.prefix } : {}) });
  return {
    async enqueue(payload: JobPayload<Q>, jobOptions?: { jobId?: string }): Promise<string> {
      const data = parsePayload(queue, payload);
      // A caller-chosen jobId makes enqueue idempotent: the same batch shipped twice is one job.
      const job = await q.add(queue, data, {
        ...(jobOptions?.jobId !== undefined ? { jobId: bullJobId(jobOptions.jobId) } : {}),
        attempts: JOB_ATTEMPTS,
        backoff: { type: "exponential", delay: JOB_BACKOFF_MS },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      });
      return job.id!;
    },
    close: () => q.close(),
  };
}

/**
 * BullMQ refuses some ids (integers, most ids with ':'); producers' ids are opaque strings such as
 * `reverify:<project>:ed25519:<hex>`, so BullMQ gets a digest of the id: the same id is still the
 * same job, and no id a producer chooses can fail at enqueue on one runner only.
 */
function bullJobId(jobId: string): string {
  return `j-${createHash("sha256").update(jobId).digest("base64url")}`;
}

/** A consumer for one queue; the processor only ever sees a payload that parsed. */
export function createConsumer<Q extends QueueName>(
  queue: Q,
  connection: Redis,
  process: (payload: JobPayload<Q>, job: Job) => Promise<unknown>,
  options: QueueOptions & { concurrency?: number } = {},
): Worker {
  return new Worker(queue, (job) => process(parsePayload(queue, job.data), job), {
    connection,
    concurrency: options.concurrency ?? 1,
    ...(options.prefix ? { prefix: options.prefix } : {}),
  });
}

/** The hosted JobSink: one BullMQ producer per queue, made on first use. */
export function createBullJobSink(connection: Redis, options: QueueOptions = {}): JobSink {
  const producers = new Map<QueueName, ReturnType<typeof createProducer>>();
  return {
    async enqueue(queue, payload, jobOptions) {
      let producer = producers.get(queue);
      if (producer === undefined) {
        producer = createProducer(queue, connection, options);
        producers.set(queue, producer);
      }
      await producer.enqueue(payload as never, jobOptions);
    },
    async close() {
      await Promise.all([...producers.values()].map((p) => p.close()));
    },
  };
}
