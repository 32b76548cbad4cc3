export { jobSchemas, queueNames } from "./queues.ts";
export type { JobPayload, QueueName } from "./queues.ts";
export { createConsumer, createProducer, JobPayloadError } from "./typed-queue.ts";
