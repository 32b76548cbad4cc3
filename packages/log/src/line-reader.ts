import { type FileHandle, open } from "node:fs/promises";
import { type LineItem, LineSplitter } from "./line-splitter.ts";
import { LogError } from "./log-error.ts";

/** Default longest line: far above any real envelope, far below what would exhaust memory. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

/** How much a log is read at a time. */
export const CHUNK_BYTES = 1024 * 1024;

/** Where a log's bytes come from: a file path, or any byte stream (a Node Readable, a web stream). */
export type LogSource = string | AsyncIterable<Uint8Array>;

/**
 * Splits a log into lines in constant memory (fixed-size chunk reads, see LineSplitter). Yields
 * the lines of each chunk as one array: one await per megabyte, not per line, keeps the async
 * machinery off the verify hot path.
 */
export async function* readLines(
  source: LogSource,
  maxLineBytes: number = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<LineItem[]> {
  const splitter = new LineSplitter(maxLineBytes);
  for await (const chunk of chunksOf(source)) {
    const items = splitter.push(chunk);
    if (items.length > 0) yield items;
    if (splitter.stopped) return;
  }
  const rest = splitter.end();
  if (rest.length > 0) yield rest;
}

async function* chunksOf(source: LogSource): AsyncGenerator<Buffer> {
  if (typeof source !== "string") {
    // Buffer views make indexOf a native memchr, whatever kind of Uint8Array the stream yields.
    for await (const chunk of source) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    return;
  }
  let handle: FileHandle;
  try {
    handle = await open(source, "r");
  } catch (error) {
    throw new LogError("io", `cannot open ${source}`, { cause: error });
  }
  try {
    yield* fileChunks(handle);
  } finally {
    await handle.close();
  }
}

/** The bytes of an open file from its current position, in 1 MB reads into one reused buffer. */
export async function* fileChunks(handle: FileHandle): AsyncGenerator<Buffer> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}
