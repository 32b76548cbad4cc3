import { LogError } from "./log-error.ts";
import type { LogSink } from "./log-sink.ts";

/** Lines appended while earlier batches are in flight; written with one write(2), acknowledged together. */
interface Batch {
  /** UTF-8 bytes of the batch's lines (each ending in "\n"); off the JS heap. */
  bytes: Buffer;
  length: number;
  /** fsync before acknowledging (a line in it gates an action, or is a checkpoint). */
  durable: boolean;
  /** Run after the fsync that made the batch durable, before acknowledging (head file update). */
  afterSync: (() => Promise<void>)[];
  /** Settles once the batch's write(2) returned: what a non-durable line waits for. */
  written: Deferred;
  /** Settles after the fsync and the afterSync hooks (if the batch is durable). */
  done: Deferred;
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Callers may ignore a checkpoint's promise; its failure is reported through every append.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** A batch stops taking lines at this size; bounds one write(2). */
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const INITIAL_BATCH_BYTES = 64 * 1024;
export interface GroupCommitOptions {
  /** Everything written is fsynced within this many milliseconds. */
  syncIntervalMs: number;
  /**
   * Batches up to this size are written, and up to this much unsynced data is fdatasynced, on the
   * calling thread: for a few KB (a guarded call's proposal and decision) that blocks for about as
   * long as the thread-pool round trip it saves, and the caller is waiting for exactly that. Larger
   * I/O runs in the thread pool, so appends keep being encoded meanwhile (ADR 15).
   */
  inlineIoBytes: number;
}

/**
 * Serialized, group-committed appends to one file handle opened with O_APPEND.
 *
 * Lines appended in the same turn of the event loop, or while an earlier write is in flight, are
 * encoded straight into one batch's buffer and go out in its single write(2) (so a line's string can
 * be collected at once: keeping thousands of in-flight lines on the JS heap made garbage collection
 * the biggest cost of an append). A line resolves once the write holding it returned (it then
 * survives a crash of this process), or, if it is durable, once an fsync that started after that
 * write returned (it then survives a power cut too) and the batch's afterSync hooks ran.
 * Everything else is fsynced within `syncIntervalMs`.
 *
 * Writes and fsyncs are two queues: writes never wait for an fsync (or a checkpoint's head file)
 * in flight, and an fsync covers exactly the batches whose write had returned when it started.
 *
 * Any write or fsync error is final: after a failed fsync the kernel may already have dropped the
 * dirty pages, so retrying could report success for data that is gone. The file enters a failed
 * state and every pending and later line rejects; the kernel turns that into a deny.
 */
export class GroupCommitFile {
  private readonly sink: LogSink;
  private readonly inlineIoBytes: number;
  /** Batches waiting for their write; the last one takes new lines. */
  private batches: Batch[] = [];
  /** Written batches that wait for an fsync (durable, or with afterSync hooks), in write order. */
  private unsynced: Batch[] = [];
  /** True from kick() until the write loop has nothing left; set and cleared synchronously. */
  private writing = false;
  private syncing = false;
  private idleWaiters: (() => void)[] = [];
  /** Bytes written since the last fsync started. */
  private unsyncedBytes = 0;
  private lastBatchBytes = 0;
  private spare: Buffer | undefined;
  private syncWanted = false;
  private failedWith: LogError | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(sink: LogSink, options: GroupCommitOptions) {
    this.sink = sink;
    this.inlineIoBytes = options.inlineIoBytes;
    this.timer = setInterval(() => {
      if (this.unsyncedBytes === 0) return;
      this.syncWanted = true;
      this.startSync();
    }, options.syncIntervalMs);
    // The interval must not keep a process alive that has nothing else to do.
    this.timer.unref();
  }

  /** Set once a write or fsync failed; never cleared. */
  get failure(): LogError | undefined {
    return this.failedWith;
  }

  /** Queues `text` (a line with its "\n"); resolves when it is written (and fsynced, if durable). */
  append(text: string, durable: boolean, afterSync?: () => Promise<void>): Promise<void> {
    if (this.failedWith) return Promise.reject(this.failedWith);
    const batch = this.openBatch(text.length * 3);
    batch.length += batch.bytes.write(text, batch.length, "utf8");
    if (durable) batch.durable = true;
    if (afterSync) batch.afterSync.push(afterSync);
    this.kick();
    // A non-durable line is acknowledged when its write returned (ADR 0009), even if a gating
    // line or checkpoint in the same batch still waits for the fsync and the head file.
    return durable || afterSync ? batch.done.promise : batch.written.promise;
  }

  /** Writes and fsyncs everything enqueued, then stops the interval. */
  async drain(): Promise<void> {
    clearInterval(this.timer);
    // Until idle with nothing unwritten or unsynced: a write in flight when an fsync started is
    // not covered by it, and one in flight now has not been counted yet.
    for (;;) {
      while (this.writing || this.syncing)
        await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      if (
        this.failedWith ||
        (this.batches.length === 0 && this.unsyncedBytes === 0 && this.unsynced.length === 0)
      )
        return;
      this.syncWanted = true;
      this.kick();
      this.startSync();
    }
  }

  /** The batch taking lines, with room for `maxBytes` more (a new one if the last is full or in flight). */
  private openBatch(maxBytes: number): Batch {
    let batch = this.batches[this.batches.length - 1];
    if (batch === undefined || (batch.length > 0 && batch.length + maxBytes > MAX_BATCH_BYTES)) {
      // Sized like the last batch so a steady stream of appends rarely has to grow (copy) one.
      const size = Math.min(MAX_BATCH_BYTES, Math.max(INITIAL_BATCH_BYTES, maxBytes, this.lastBatchBytes));
      // The buffer of the last batch written, if it is big enough: a stream of small batches then
      // allocates (and page-faults in) nothing.
      const spare = this.spare;
      this.spare = undefined;
      batch = {
        bytes: spare !== undefined && spare.length >= size ? spare : Buffer.allocUnsafe(size),
        length: 0,
        durable: false,
        afterSync: [],
        written: deferred(),
        done: deferred(),
      };
      this.batches.push(batch);
    } else if (batch.length + maxBytes > batch.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(batch.bytes.length * 2, batch.length + maxBytes));
      batch.bytes.copy(grown, 0, 0, batch.length);
      batch.bytes = grown;
    }
    return batch;
  }

  private kick(): void {
    if (this.writing || this.failedWith) return;
    this.writing = true;
    // Started after the current synchronous code, so every append made in this turn (a loop of
    // appends, or appendAll's group) joins the first batch. The loops never reject: every error is
    // caught and turned into the failed state.
    queueMicrotask(() => void this.writeLoop());
  }

  private async writeLoop(): Promise<void> {
    let batch: Batch | undefined;
    try {
      while (this.batches.length > 0 && !this.failedWith) {
        // Taken off the queue before the write: later appends start a new batch.
        batch = this.batches.shift()!;
        this.lastBatchBytes = batch.length;
        // write(2) to an O_APPEND file copies into the page cache: microseconds for a small
        // batch, where the thread pool adds a round trip to every acknowledgement. A large one
        // goes to the pool, so the copy overlaps with the encoding of the next batch.
        if (batch.length <= this.inlineIoBytes) this.writeAll(batch.bytes, batch.length);
        else await this.writeAllInPool(batch.bytes, batch.length);
        // An fsync failed while this write was in the pool: nothing is acknowledged any more.
        if (this.failedWith) throw this.failedWith;
        this.spare = batch.bytes; // written: nothing reads it any more
        this.unsyncedBytes += batch.length;
        batch.written.resolve();
        if (batch.durable || batch.afterSync.length > 0) {
          this.unsynced.push(batch);
          this.syncWanted = true;
        } else batch.done.resolve();
        batch = undefined;
        // A small fsync runs right here, before the next write; also one drain() asked for.
        this.startSync();
      }
    } catch (error) {
      this.fail(error, batch ? [batch] : []);
    } finally {
      // Cleared in the same synchronous step that saw the queue empty, so an append that lands
      // right after (e.g. in an acknowledged line's continuation) always starts a new loop.
      this.writing = false;
      this.notifyIdle();
    }
  }

  private startSync(): void {
    if (this.syncing || this.failedWith || !this.syncWanted) return;
    this.syncing = true;
    void this.syncLoop();
  }

  private async syncLoop(): Promise<void> {
    let covered: Batch[] = [];
    try {
      // Only once something was written: a request made before the write it wants stays pending.
      while (this.syncWanted && !this.failedWith && (this.unsyncedBytes > 0 || this.unsynced.length > 0)) {
        this.syncWanted = false;
        // Exactly what has been written so far: a write that returns during this fsync is not
        // covered by it, and waits in `unsynced` for the next one.
        covered = this.unsynced;
        this.unsynced = [];
        const bytes = this.unsyncedBytes;
        this.unsyncedBytes = 0;
        if (bytes <= this.inlineIoBytes) this.sink.syncNow();
        else await this.sink.sync();
        for (const batch of covered) {
          for (const hook of batch.afterSync) await hook();
          batch.done.resolve();
        }
        covered = [];
        // Durable lines written meanwhile asked for another fsync (syncWanted).
      }
    } catch (error) {
      this.fail(error, covered);
    } finally {
      this.syncing = false;
      this.notifyIdle();
    }
  }

  /** Enters the failed state: `inFlight`, every unwritten and every unsynced batch reject. */
  private fail(error: unknown, inFlight: Batch[]): void {
    this.failedWith ??= new LogError("write-failed", "log write or fsync failed; the writer stops", {
      cause: error,
    });
    for (const failed of [...inFlight, ...this.unsynced, ...this.batches]) {
      // Rejecting `written` after it resolved is a no-op: those lines were acknowledged as written.
      failed.written.reject(this.failedWith);
      failed.done.reject(this.failedWith);
    }
    this.batches = [];
    this.unsynced = [];
  }

  private notifyIdle(): void {
    if (this.writing || this.syncing) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private writeAll(bytes: Buffer, length: number): void {
    let offset = 0;
    while (offset < length) offset += this.sink.write(bytes, offset, length - offset);
  }

  private async writeAllInPool(bytes: Buffer, length: number): Promise<void> {
    let offset = 0;
    while (offset < length) offset += await this.sink.writeInPool(bytes, offset, length - offset);
  }
}
