import { open } from "node:fs/promises";

const TAIL_BYTES = 256 * 1024;

/**
 * The last newline-terminated line of a file, read from its end (a re-ship of an unchanged
 * million-envelope log must not read the whole log to learn it has nothing to send). Undefined when
 * the file has no complete line in its last TAIL_BYTES (the caller then reads the whole file).
 */
export async function lastCompleteLine(file: string): Promise<string | undefined> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size === 0) return undefined;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const end = buffer.lastIndexOf(0x0a);
    if (end === -1) return undefined;
    const start = buffer.lastIndexOf(0x0a, end - 1) + 1;
    // A line that starts before the window is not whole.
    if (start === 0 && length < size) return undefined;
    return buffer.toString("utf8", start, end);
  } finally {
    await handle.close();
  }
}
