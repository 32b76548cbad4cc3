export { InProcessRunner, type InProcessRunnerOptions } from "./in-process-runner.ts";
export { JobPayloadError, parsePayload } from "./job-payload.ts";
export type { JobHandlers, JobSink } from "./job-sink.ts";
export type { JobPayload, QueueName } from "./queues.ts";
export { JOB_ATTEMPTS, JOB_BACKOFF_MS, jobSchemas, queueNames } from "./queues.ts";
export { createBullJobSink, createConsumer, createProducer, type QueueOptions } from "./typed-queue.ts";
