export { createJobSink, type JobSinkOptions } from "./create-job-sink.ts";
export { createJobHandlers } from "./job-handlers.ts";
export { type StartWorkersOptions, startWorkers } from "./start-workers.ts";
export type { WorkerDb } from "./worker-db.ts";
