import { isUtf8 } from "node:buffer";
import { ApiError } from "../http/api-error.ts";
import type { IngestLimits } from "./ingest-limits.ts";

const NEWLINE = 0x0a;

/**
 * Splits an NDJSON body into its lines (text without the newline). The last line may lack its
 * newline: an HTTP body arrives whole, so that is not a torn write. Rejected, naming the 1-based
 * line: invalid UTF-8, a blank line, a line over `maxLineBytes`. What a line must contain is the
 * protocol package's to decide, not this function's.
 */
export function parseNdjson(body: Buffer, limits: Pick<IngestLimits, "maxLineBytes">): string[] {
  if (body.length === 0) throw new ApiError(400, "empty-body", "the body holds no envelopes");
  const ends: number[] = [];
  for (let start = 0; start < body.length; ) {
    let end = body.indexOf(NEWLINE, start);
    if (end === -1) end = body.length;
    if (end - start > limits.maxLineBytes) {
      const line = ends.length + 1;
      throw new ApiError(413, "line-too-long", `line ${line} is over ${limits.maxLineBytes} bytes`, {
        line,
        limit: limits.maxLineBytes,
      });
    }
    ends.push(end);
    start = end + 1;
  }
  // One native check of the whole body; only on failure are lines decoded one by one to name it.
  if (!isUtf8(body)) {
    const line = firstInvalidLine(body, ends);
    throw new ApiError(400, "invalid-utf8", `line ${line} is not valid UTF-8`, { line });
  }
  // 0x0a never occurs inside a multi-byte UTF-8 sequence, so splitting the text splits the bytes.
  const lines = body.toString("utf8").split("\n");
  if (body[body.length - 1] === NEWLINE) lines.pop();
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === "") {
      throw new ApiError(400, "invalid-envelope", `line ${i + 1} is blank`, {
        line: i + 1,
        reason: "malformed",
      });
    }
  }
  return lines;
}

function firstInvalidLine(body: Buffer, ends: readonly number[]): number {
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    if (!isUtf8(body.subarray(start, ends[i]))) return i + 1;
    start = ends[i]! + 1;
  }
  return ends.length;
}
