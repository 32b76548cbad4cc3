import { createConsumer, type QueueName, queueNames } from "@lodestar/queue";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { createJobHandlers } from "./job-handlers.ts";
import type { WorkerDb } from "./worker-db.ts";

export interface StartWorkersOptions {
  db: WorkerDb;
  /** A new connection per consumer (BullMQ blocks one connection per worker). */
  connect: () => Redis;
  /** Which queues this process consumes (the per-processor flag); default all. */
  queues?: readonly QueueName[];
  prefix?: string;
  concurrency?: number;
}

/** Starts one BullMQ consumer per enabled queue; `close` stops them after their current jobs. */
export function startWorkers(options: StartWorkersOptions): { queues: QueueName[]; close(): Promise<void> } {
  const handlers = createJobHandlers(options.db);
  const queues = [...(options.queues ?? queueNames)];
  const connections: Redis[] = [];
  const workers: Worker[] = queues.map((queue) => {
    const connection = options.connect();
    connections.push(connection);
    return createConsumer(queue, connection, handlers[queue] as (payload: unknown) => Promise<unknown>, {
      concurrency: options.concurrency ?? 4,
      ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    });
  });
  return {
    queues,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      // BullMQ does not close connections it was given.
      await Promise.all(connections.map((c) => c.quit()));
    },
  };
}
