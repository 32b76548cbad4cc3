export type { JobPayload, QueueName } from "./queues.ts";
export { jobSchemas, queueNames } from "./queues.ts";
export { createConsumer, createProducer, JobPayloadError } from "./typed-queue.ts";
