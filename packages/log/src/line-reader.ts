import { open } from "node:fs/promises";
import { LogError } from "./log-error.ts";

/** Default longest line: far above any real envelope, far below what would exhaust memory. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

const CHUNK_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

/** One item of a log read as lines: a decoded line, or the reason the next line cannot be read. */
export type LineItem =
  | { kind: "line"; text: string; line: number; terminated: boolean }
  | { kind: "error"; code: "invalid-utf8" | "line-too-long"; line: number; message: string };

/** Where a log's bytes come from: a file path, or any byte stream (a Node Readable, a web stream). */
export type LogSource = string | AsyncIterable<Uint8Array>;

/**
 * Splits a log into lines in constant memory: fixed-size chunk reads, at most one partial line
 * carried between chunks, and a hard cap on line length. Bytes are attacker-controlled: a line past
 * the cap or with invalid UTF-8 yields an error item naming its line number, and reading stops
 * (never an out-of-memory, never a silently replaced character).
 *
 * Yields the lines of each chunk as one array: one await per megabyte, not per line, keeps the
 * async machinery off the verify hot path.
 */
export async function* readLines(
  source: LogSource,
  maxLineBytes: number = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<LineItem[]> {
  // fatal: invalid UTF-8 is an error, not U+FFFD; ignoreBOM: a BOM stays in the text and fails
  // the canonical check instead of being stripped silently.
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let carried: Uint8Array[] = [];
  let carriedBytes = 0;
  let line = 1;

  const decode = (bytes: Uint8Array, terminated: boolean): LineItem => {
    try {
      return { kind: "line", text: decoder.decode(bytes), line, terminated };
    } catch {
      return { kind: "error", code: "invalid-utf8", line, message: `line ${line} is not valid UTF-8` };
    }
  };
  const tooLong = (): LineItem => ({
    kind: "error",
    code: "line-too-long",
    line,
    message: `line ${line} is longer than ${maxLineBytes} bytes`,
  });

  for await (const chunk of chunksOf(source)) {
    const items: LineItem[] = [];
    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end === -1) {
        // Partial line: carry a copy (the chunk buffer may be reused by the next read).
        carriedBytes += chunk.length - start;
        if (carriedBytes > maxLineBytes) {
          items.push(tooLong());
          yield items;
          return;
        }
        carried.push(Buffer.from(chunk.subarray(start)));
        break;
      }
      let bytes = chunk.subarray(start, end);
      if (carried.length > 0) {
        carried.push(bytes);
        bytes = Buffer.concat(carried, carriedBytes + bytes.length);
        carried = [];
        carriedBytes = 0;
      }
      const item = bytes.length > maxLineBytes ? tooLong() : decode(bytes, true);
      items.push(item);
      if (item.kind === "error") {
        yield items;
        return;
      }
      line++;
      start = end + 1;
    }
    if (items.length > 0) yield items;
  }
  if (carried.length > 0) yield [decode(Buffer.concat(carried, carriedBytes), false)];
}

async function* chunksOf(source: LogSource): AsyncGenerator<Buffer> {
  if (typeof source !== "string") {
    // Buffer views make indexOf a native memchr, whatever kind of Uint8Array the stream yields.
    for await (const chunk of source) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    return;
  }
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(source, "r");
  } catch (error) {
    throw new LogError("io", `cannot open ${source}`, { cause: error });
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
