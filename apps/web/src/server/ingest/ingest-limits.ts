/**
 * Limits on one ingest request. A shipper sends a session in chunks well under these (the CLI sends
 * ~8 MiB), so they only ever stop abuse: a huge body, a gzip bomb (a few KiB that inflate to GiBs),
 * one enormous line, or nesting deep enough to exhaust a recursive parser.
 */
export interface IngestLimits {
  /** Bytes on the wire (before decompression). */
  maxBodyBytes: number;
  /** Bytes after decompression; the inflater is stopped as soon as it is passed. */
  maxDecompressedBytes: number;
  /** Bytes of one line. */
  maxLineBytes: number;
  /** Nesting of arrays and objects in one line (the canonical encoder refuses deeper values). */
  maxDepth: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxBodyBytes: 32 * 1024 * 1024,
  maxDecompressedBytes: 64 * 1024 * 1024,
  maxLineBytes: 4 * 1024 * 1024,
  maxDepth: 128,
};
