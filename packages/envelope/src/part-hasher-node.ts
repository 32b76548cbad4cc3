import * as nodeCrypto from "node:crypto";

// The `node` target of `#part-hasher` (package.json "imports", ADR 0021): the scratch buffer is a
// Buffer, values are written into it with Buffer's UTF-8 writer and hashed by OpenSSL. The browser
// gets part-hasher-web.ts; test/platform-equivalence checks both give the same commitments.

// crypto.hash (Node >= 20.12) hashes in one call; createHash costs about a microsecond more per
// hash, which is a third of verify time at four hashes per envelope. Same SHA-256 either way.
const oneShot: ((algorithm: string, data: string | Buffer, encoding: "hex") => string) | undefined =
  typeof nodeCrypto.hash === "function" ? nodeCrypto.hash : undefined;

/** Lowercase hex SHA-256 of the UTF-8 of `text`. */
export function sha256HexOfText(text: string): string {
  return oneShot
    ? oneShot("sha256", text, "hex")
    : nodeCrypto.createHash("sha256").update(text).digest("hex");
}

/** A scratch area of `size` bytes (contents unspecified). */
export function allocateScratch(size: number): Uint8Array {
  return Buffer.allocUnsafe(size);
}

/**
 * Writes `text` as UTF-8 into `scratch` (made by allocateScratch) at `at`; returns the bytes
 * written. The caller reserves 3 bytes per UTF-16 unit, so nothing is cut off.
 */
export function writeUtf8(scratch: Uint8Array, at: number, text: string): number {
  return (scratch as Buffer).write(text, at, "utf8");
}

/**
 * Decodes `text` leniently as base64url into `scratch` at `at`, as Buffer does: characters
 * outside the alphabet are skipped and decoding stops at "=". Returns the bytes written. Only
 * non-canonical salts reach this (a schema-valid envelope never does). The caller leaves room
 * for the whole text (`text.length` bytes after `at`).
 */
export function writeBase64Lenient(scratch: Uint8Array, at: number, text: string): number {
  return (scratch as Buffer).write(text, at, "base64url");
}

/** Lowercase hex SHA-256 of `scratch[0, length)`. */
export function sha256HexOfScratch(scratch: Uint8Array, length: number): string {
  const bytes = (scratch as Buffer).subarray(0, length);
  return oneShot
    ? oneShot("sha256", bytes, "hex")
    : nodeCrypto.createHash("sha256").update(bytes).digest("hex");
}
