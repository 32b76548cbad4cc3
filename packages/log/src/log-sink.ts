import { fdatasyncSync, writeSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";

/** Where the group committer puts bytes: an O_APPEND file in production, a recorder in tests. */
export interface LogSink {
  /** One write(2) on the calling thread; returns how many bytes it took. Throws on error. */
  write(bytes: Buffer, offset: number, length: number): number;
  /** The same write(2) in the thread pool. */
  writeInPool(bytes: Buffer, offset: number, length: number): Promise<number>;
  /** fdatasync on the calling thread. */
  syncNow(): void;
  /** fdatasync in the thread pool. */
  sync(): Promise<void>;
}

/** The sink of an open log file (opened with "a", so every write lands at the end). */
export function fileSink(handle: FileHandle): LogSink {
  return {
    write: (bytes, offset, length) => writeSync(handle.fd, bytes, offset, length),
    writeInPool: async (bytes, offset, length) => (await handle.write(bytes, offset, length)).bytesWritten,
    syncNow: () => fdatasyncSync(handle.fd),
    sync: () => handle.datasync(),
  };
}
