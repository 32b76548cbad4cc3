import type { FileHandle } from "node:fs/promises";
import { CHUNK_BYTES } from "./line-reader.ts";
import { NEWLINE } from "./line-splitter.ts";
import type { LineChunk } from "./parse-chunk.ts";

/**
 * Reads a log file in chunks (~1 MB reads) cut after their last newline, numbering lines as it goes, so
 * each chunk can be checked on its own (a newline byte never occurs inside a UTF-8 sequence, so no
 * character is split).
 *
 * A line that has no newline within `maxLineBytes` ends the reading: it goes out as the last chunk,
 * where the splitter reports it as too long (or, at the end of the file, as torn), exactly as a
 * sequential read would. Memory stays within one chunk plus one maximal line.
 */
export async function* newlineChunks(
  handle: FileHandle,
  maxLineBytes: number,
  readBytes: number = CHUNK_BYTES,
): AsyncGenerator<LineChunk> {
  if (!Number.isSafeInteger(readBytes) || readBytes < 1)
    throw new RangeError("chunkBytes must be a positive integer");
  let carry = new Uint8Array(0);
  let line = 1;
  for (;;) {
    const buffer = new Uint8Array(carry.length + readBytes);
    buffer.set(carry);
    const { bytesRead } = await handle.read(buffer, carry.length, readBytes, null);
    const filled = carry.length + bytesRead;
    if (bytesRead === 0) {
      if (carry.length > 0) yield { bytes: carry, firstLine: line };
      return;
    }
    const view = Buffer.from(buffer.buffer, 0, filled);
    const cut = view.lastIndexOf(NEWLINE) + 1;
    if (cut === 0) {
      carry = buffer.subarray(0, filled);
      if (filled > maxLineBytes) {
        yield { bytes: carry, firstLine: line };
        return;
      }
      continue;
    }
    carry = buffer.slice(cut, filled);
    const lines = countNewlines(view, cut);
    yield { bytes: buffer.subarray(0, cut), firstLine: line };
    line += lines;
  }
}

function countNewlines(bytes: Buffer, end: number): number {
  let count = 0;
  for (let at = bytes.indexOf(NEWLINE); at !== -1 && at < end; at = bytes.indexOf(NEWLINE, at + 1)) count++;
  return count;
}
