import { ApiError } from "../http/api-error.ts";
import type { IngestLimits } from "./ingest-limits.ts";

/**
 * The request body as bytes, decompressed when `Content-Encoding: gzip`, with both sizes capped
 * while streaming: nothing past a limit is buffered, and the inflater is cancelled the moment its
 * output passes `maxDecompressedBytes` (a gzip bomb costs the server at most that much).
 */
export async function readBody(request: Request, limits: IngestLimits): Promise<Buffer> {
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") {
    throw new ApiError(
      415,
      "unsupported-media-type",
      `Content-Encoding ${encoding} is not accepted (gzip or none)`,
    );
  }
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limits.maxBodyBytes) throw bodyTooLarge(limits);
  if (request.body === null) return Buffer.alloc(0);
  const gzip = encoding === "gzip";
  let wire = 0;
  // Uncompressed bodies (a shipper on the same machine) are counted in the read loop below; only
  // a gzip body gets a counting stage in front of the inflater.
  const counted = gzip
    ? request.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            wire += chunk.byteLength;
            if (wire > limits.maxBodyBytes) controller.error(bodyTooLarge(limits));
            else controller.enqueue(chunk);
          },
        }),
      )
    : request.body;
  // DOM typings declare the inflater's input as BufferSource; Uint8Array chunks are what it gets.
  const stream = gzip
    ? counted.pipeThrough(
        new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
      )
    : counted;
  const cap = gzip ? limits.maxDecompressedBytes : limits.maxBodyBytes;
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > cap) {
        await reader.cancel().catch(() => {});
        if (!gzip) throw bodyTooLarge(limits);
        // The line being inflated when the cap was passed (counted only on this path).
        const line = chunks.reduce((n, c) => n + countNewlines(c), 0) + 1;
        throw new ApiError(
          413,
          "decompressed-too-large",
          `line ${line}: the body inflates past ${limits.maxDecompressedBytes} bytes; send smaller chunks`,
          { line, limit: limits.maxDecompressedBytes },
        );
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // The inflater's own error (truncated or corrupt stream) is the client's: say so plainly.
    if (gzip) throw new ApiError(400, "invalid-gzip", "the body is not a complete gzip stream");
    throw error;
  }
  return Buffer.concat(chunks, total);
}

function bodyTooLarge(limits: IngestLimits): ApiError {
  return new ApiError(
    413,
    "body-too-large",
    `the body is over ${limits.maxBodyBytes} bytes; send smaller chunks`,
    {
      limit: limits.maxBodyBytes,
    },
  );
}

function countNewlines(chunk: Uint8Array): number {
  let n = 0;
  for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) n++;
  return n;
}
