import { createBullJobSink, InProcessRunner, type JobSink, type QueueName } from "@lodestar/queue";
import type { Redis } from "ioredis";
import { createJobHandlers } from "./job-handlers.ts";
import type { WorkerDb } from "./worker-db.ts";

export interface JobSinkOptions {
  db: WorkerDb;
  /** With Redis, jobs go to BullMQ for a worker process; without, they run in this process. */
  redis?: Redis;
  prefix?: string;
  onFailed?: (queue: QueueName, jobId: string, error: unknown) => void;
}

/** The producer side the web app uses: the same queues and payloads whichever runner is behind. */
export function createJobSink(options: JobSinkOptions): JobSink {
  if (options.redis !== undefined) {
    return createBullJobSink(options.redis, options.prefix !== undefined ? { prefix: options.prefix } : {});
  }
  return new InProcessRunner(
    createJobHandlers(options.db),
    options.onFailed !== undefined ? { onFailed: options.onFailed } : {},
  );
}
