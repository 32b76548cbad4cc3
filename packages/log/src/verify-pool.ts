import { existsSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker as Thread } from "node:worker_threads";
import { LogError } from "./log-error.ts";
import { newlineChunks } from "./newline-chunks.ts";
import { type ChunkRun, type LineChunk, runOfChunk } from "./parse-chunk.ts";
import type { ChainPoint } from "./verify-result.ts";

/** Below this size a log is verified on the calling thread: starting workers would cost more. */
const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

type WorkerEntry = { script: URL | string; eval: boolean };

/** The worker entry once looked for (null: there is none). */
let entry: WorkerEntry | null | undefined;

/** Resolved once per process (a file check and a module resolution). */
function workerEntry(): WorkerEntry | undefined {
  if (entry === undefined) entry = findWorkerEntry() ?? null;
  return entry ?? undefined;
}

/**
 * How the worker is started: the bundled CLI ships `verify-worker.js` beside itself; from the
 * TypeScript sources (tests, benches, tsx) the `.ts` entry is required through tsx's CommonJS hook,
 * which (unlike an ESM loader on Node 20) works inside a worker thread. Undefined when neither is
 * there (another bundler): verification then stays on the calling thread.
 */
function findWorkerEntry(): WorkerEntry | undefined {
  const fromSource = import.meta.url.endsWith(".ts");
  const url = new URL(fromSource ? "./verify-worker.ts" : "./verify-worker.js", import.meta.url);
  const file = fileURLToPath(url);
  if (!existsSync(file)) return undefined;
  if (!fromSource) return { script: url, eval: false };
  try {
    const tsx = createRequire(import.meta.url).resolve("tsx/cjs");
    return { script: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(file)});`, eval: true };
  } catch {
    return undefined;
  }
}

/** Worker threads for a log of `bytes` bytes when the caller did not say: 0 means none. */
export function defaultWorkers(bytes: number): number {
  if (bytes < PARALLEL_MIN_BYTES || workerEntry() === undefined) return 0;
  // The calling thread checks chunks too (while the workers start, and whenever they are busy).
  return Math.min(availableParallelism() - 1, 3);
}

interface Task {
  resolve: (run: ChunkRun | null) => void;
  reject: (error: unknown) => void;
}

/** A chunk and what a worker made of it: a run the chain may take whole, or null (feed it line by line). */
export interface CheckedChunk {
  chunk: LineChunk;
  run: ChunkRun | null;
}

/** Chunks queued per worker; more go to the calling thread. */
const QUEUE_PER_WORKER = 2;
/** Chunks checked but not yet taken by the caller, at most (bounds memory). */
const MAX_IN_FLIGHT = 16;

interface Pending {
  promise: Promise<CheckedChunk>;
  settled: boolean;
}

/**
 * The line checks of a log file shared between the calling thread and worker threads, results in
 * file order. The checks of a chunk (canonical scan, hashing, the links inside it: nearly all of
 * verification) go to a worker with room in its queue, else run right here, so nothing waits for
 * the workers to start and no core sits idle. The caller applies the chain rules at chunk
 * boundaries. Chunks are copied, not transferred, so the caller can re-check one line by line.
 * A bounded number of chunks is in flight: memory stays flat whatever the file size.
 */
export async function* checkInWorkers(
  handle: FileHandle,
  anchors: readonly ChainPoint[],
  options: { maxLineBytes: number; workers: number; chunkBytes: number | undefined },
): AsyncGenerator<CheckedChunk> {
  const { maxLineBytes } = options;
  const script = options.workers > 0 ? workerEntry() : undefined;
  if (options.workers > 0 && script === undefined) {
    throw new LogError("io", "the verify worker entry is not available");
  }
  const workers = script ? Array.from({ length: options.workers }, () => startWorker(script)) : [];
  const inFlight: Pending[] = [];
  const track = (promise: Promise<CheckedChunk>): void => {
    const pending: Pending = { promise, settled: false };
    promise.then(
      () => {
        pending.settled = true;
      },
      () => undefined,
    );
    inFlight.push(pending);
  };
  try {
    for await (const chunk of newlineChunks(handle, maxLineBytes, options.chunkBytes)) {
      const worker = workers.reduce<Worker | undefined>(
        (a, b) => (a && a.queued <= b.queued ? a : b),
        undefined,
      );
      if (worker && worker.queued < QUEUE_PER_WORKER) {
        const task = { chunk, maxLineBytes, anchors };
        track(worker.run(task).then((run) => ({ chunk, run })));
      } else {
        track(Promise.resolve({ chunk, run: runOfChunk(chunk, maxLineBytes, anchors) ?? null }));
      }
      // Hand over what is ready; wait for a worker only when too much is in flight, so this
      // thread keeps reading and checking instead of idling behind a busy worker.
      while (inFlight.length > 0 && (inFlight[0]!.settled || inFlight.length >= MAX_IN_FLIGHT)) {
        yield await inFlight.shift()!.promise;
      }
    }
    while (inFlight.length > 0) yield await inFlight.shift()!.promise;
  } finally {
    // The consumer stops at the first failure: results still in flight are dropped.
    for (const pending of inFlight) pending.promise.catch(() => undefined);
    await Promise.all(workers.map((w) => w.stop()));
  }
}

type Worker = ReturnType<typeof startWorker>;

function startWorker(entry: WorkerEntry) {
  const worker = new Thread(entry.script, { eval: entry.eval });
  const tasks: Task[] = [];
  let failure: unknown;
  const failAll = (error: unknown) => {
    failure ??= new LogError("io", `a verify worker failed: ${(error as Error).message}`, { cause: error });
    for (const task of tasks.splice(0)) task.reject(failure);
  };
  // A worker answers its messages in the order they were sent.
  worker.on("message", (run: ChunkRun | null) => tasks.shift()?.resolve(run));
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`exited with code ${code}`)));
  return {
    get queued(): number {
      return tasks.length;
    },
    run(task: { chunk: LineChunk; maxLineBytes: number; anchors: readonly ChainPoint[] }) {
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise<ChunkRun | null>((resolve, reject) => {
        tasks.push({ resolve, reject });
        worker.postMessage(task);
      });
    },
    async stop(): Promise<void> {
      worker.removeAllListeners("exit");
      await worker.terminate();
    },
  };
}
