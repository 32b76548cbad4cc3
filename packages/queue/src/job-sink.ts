import type { JobPayload, QueueName } from "./queues.ts";

/**
 * Where producers put follow-up work. Two implementations behind this one interface: BullMQ on
 * Redis (hosted) and an in-process runner (self-hosted without Redis). A `jobId` makes enqueue
 * idempotent: the same id while that job is pending or recently done is one job.
 */
export interface JobSink {
  enqueue<Q extends QueueName>(queue: Q, payload: JobPayload<Q>, options?: { jobId?: string }): Promise<void>;
  close(): Promise<void>;
}

/** What a consumer does with one job of each queue; the same map serves both implementations. */
export type JobHandlers = { [Q in QueueName]: (payload: JobPayload<Q>) => Promise<unknown> };
