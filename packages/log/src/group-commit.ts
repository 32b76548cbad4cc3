import type { FileHandle } from "node:fs/promises";
import { LogError } from "./log-error.ts";

interface Pending {
  /** Line text including its trailing newline. */
  text: string;
  /** fsync before resolving (the line gates an action, or is a checkpoint). */
  durable: boolean;
  /** Runs after the fsync that made this line durable, before resolving (head file update). */
  afterSync: (() => Promise<void>) | undefined;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Largest single write; bounds the memory of one batch when appends arrive faster than the disk. */
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Serialized, group-committed appends to one file handle opened with O_APPEND.
 *
 * Lines enqueued while a write is in flight are joined into the next single write. A line resolves
 * once the write(2) holding it returned (it then survives a crash of this process), or, if it is
 * durable, once an fsync after that write returned (it then survives a power cut too). Everything
 * else is fsynced within `syncIntervalMs`.
 *
 * Any write or fsync error is final: after a failed fsync the kernel may already have dropped the
 * dirty pages, so retrying could report success for data that is gone. The file enters a failed
 * state and every pending and later line rejects; the kernel turns that into a deny.
 */
export class GroupCommitFile {
  private readonly handle: FileHandle;
  private queue: Pending[] = [];
  /** True from kick() until the loop has nothing left; set and cleared synchronously. */
  private busy = false;
  private idleWaiters: (() => void)[] = [];
  private dirty = false;
  private syncWanted = false;
  private failedWith: LogError | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(handle: FileHandle, syncIntervalMs: number) {
    this.handle = handle;
    this.timer = setInterval(() => {
      if (this.dirty) this.requestSync();
    }, syncIntervalMs);
    // The interval must not keep a process alive that has nothing else to do.
    this.timer.unref();
  }

  /** Set once a write or fsync failed; never cleared. */
  get failure(): LogError | undefined {
    return this.failedWith;
  }

  append(text: string, durable: boolean, afterSync?: () => Promise<void>): Promise<void> {
    if (this.failedWith) return Promise.reject(this.failedWith);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ text, durable, afterSync, resolve, reject });
      this.kick();
    });
  }

  /** Asks for an fsync of everything written so far, without waiting for it. */
  requestSync(): void {
    this.syncWanted = true;
    this.kick();
  }

  /** Writes and fsyncs everything enqueued, then stops the interval. */
  async drain(): Promise<void> {
    clearInterval(this.timer);
    this.syncWanted = true;
    this.kick();
    if (this.busy) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private kick(): void {
    if (this.busy || this.failedWith) return;
    this.busy = true;
    // run() never rejects: every error is caught and turned into the failed state.
    void this.run();
  }

  private async run(): Promise<void> {
    let batch: Pending[] = [];
    try {
      while (this.queue.length > 0 || (this.syncWanted && this.dirty)) {
        batch = this.takeBatch();
        if (batch.length > 0) {
          await this.writeAll(batch);
          this.dirty = true;
        }
        if (this.dirty && (this.syncWanted || batch.some((entry) => entry.durable))) {
          this.syncWanted = false;
          await this.handle.datasync();
          this.dirty = false;
        }
        this.syncWanted = false;
        for (const entry of batch) if (entry.afterSync) await entry.afterSync();
        for (const entry of batch) entry.resolve();
        batch = [];
      }
    } catch (error) {
      this.failedWith = new LogError("write-failed", "log write or fsync failed; the writer stops", {
        cause: error,
      });
      for (const entry of [...batch, ...this.queue]) entry.reject(this.failedWith);
      this.queue = [];
    } finally {
      // Cleared in the same synchronous step that saw the queue empty, so an append that lands
      // right after (e.g. in an acknowledged line's continuation) always starts a new run.
      this.busy = false;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private takeBatch(): Pending[] {
    let bytes = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || bytes < MAX_BATCH_BYTES)) {
      bytes += this.queue[count]!.text.length;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private async writeAll(batch: Pending[]): Promise<void> {
    let text = "";
    for (const entry of batch) text += entry.text;
    const bytes = Buffer.from(text, "utf8");
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
  }
}
