import { parsePayload } from "./job-payload.ts";
import type { JobHandlers, JobSink } from "./job-sink.ts";
import { JOB_ATTEMPTS, JOB_BACKOFF_MS, type QueueName } from "./queues.ts";

export interface InProcessRunnerOptions {
  /** Jobs run at once, over all queues. */
  concurrency?: number;
  attempts?: number;
  backoffMs?: number;
  /** Called once a job has failed every attempt (the self-hosted server logs it). */
  onFailed?: (queue: QueueName, jobId: string, error: unknown) => void;
}

interface PendingJob {
  queue: QueueName;
  jobId: string;
  payload: unknown;
  attempt: number;
}

/** How many finished job ids are remembered for deduplication (BullMQ keeps 1000 completed). */
const REMEMBERED = 1000;

/**
 * The self-hosted JobSink when there is no Redis: the same handlers, the same payload checks, the
 * same retries and jobId deduplication as the BullMQ path, run in this process. Jobs are not
 * durable here; every job is derivable from the database, so the server re-enqueues what is stale
 * at start-up instead.
 */
export class InProcessRunner implements JobSink {
  readonly #handlers: JobHandlers;
  readonly #options: Required<Omit<InProcessRunnerOptions, "onFailed">> &
    Pick<InProcessRunnerOptions, "onFailed">;
  readonly #queue: PendingJob[] = [];
  /** Job ids queued, running or waiting for a retry. */
  readonly #live = new Set<string>();
  readonly #done: string[] = [];
  readonly #doneSet = new Set<string>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #running = 0;
  #closed = false;
  #idle: (() => void)[] = [];
  #autoId = 0;

  constructor(handlers: JobHandlers, options: InProcessRunnerOptions = {}) {
    this.#handlers = handlers;
    this.#options = {
      concurrency: options.concurrency ?? 4,
      attempts: options.attempts ?? JOB_ATTEMPTS,
      backoffMs: options.backoffMs ?? JOB_BACKOFF_MS,
      onFailed: options.onFailed,
    };
  }

  async enqueue<Q extends QueueName>(
    queue: Q,
    payload: Parameters<JobHandlers[Q]>[0],
    options?: { jobId?: string },
  ): Promise<void> {
    if (this.#closed) throw new Error("the job runner is closed");
    const data = parsePayload(queue, payload);
    const jobId = `${queue}:${options?.jobId ?? `auto-${++this.#autoId}`}`;
    if (this.#live.has(jobId) || this.#doneSet.has(jobId)) return;
    this.#live.add(jobId);
    this.#queue.push({ queue, jobId, payload: data, attempt: 1 });
    this.#pump();
  }

  /** Resolves when nothing is queued, running or waiting for a retry. */
  drain(): Promise<void> {
    if (this.#live.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops taking jobs, cancels pending retries and waits for the running ones. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const job of this.#queue.splice(0)) this.#live.delete(job.jobId);
    while (this.#running > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
    this.#settleIdle();
  }

  #pump(): void {
    while (!this.#closed && this.#running < this.#options.concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift()!;
      this.#running++;
      void this.#run(job);
    }
  }

  async #run(job: PendingJob): Promise<void> {
    const handler = this.#handlers[job.queue] as (payload: unknown) => Promise<unknown>;
    try {
      await handler(job.payload);
      this.#finish(job.jobId);
    } catch (error) {
      if (job.attempt >= this.#options.attempts || this.#closed) {
        this.#options.onFailed?.(job.queue, job.jobId, error);
        this.#live.delete(job.jobId);
      } else {
        const delay = this.#options.backoffMs * 2 ** (job.attempt - 1);
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          this.#queue.push({ ...job, attempt: job.attempt + 1 });
          this.#pump();
        }, delay);
        this.#timers.add(timer);
      }
    } finally {
      this.#running--;
      this.#pump();
      this.#settleIdle();
    }
  }

  #finish(jobId: string): void {
    this.#live.delete(jobId);
    this.#done.push(jobId);
    this.#doneSet.add(jobId);
    if (this.#done.length > REMEMBERED) this.#doneSet.delete(this.#done.shift()!);
  }

  #settleIdle(): void {
    if (this.#running > 0 || (this.#live.size > 0 && !this.#closed)) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
