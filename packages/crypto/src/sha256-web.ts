import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { toHex } from "./hex.ts";

// The browser (and any non-Node runtime) target of `#sha256`: @noble/hashes, audited and
// dependency-free, the same bytes as Node's OpenSSL (test/platform-equivalence). WebCrypto's
// digest is async only, and hashing sits inside synchronous verification.

const encoder = new TextEncoder();

const bytesOf = (data: Uint8Array | string): Uint8Array =>
  typeof data === "string" ? encoder.encode(data) : data;

/** SHA-256 of bytes, or of the UTF-8 encoding of a string. */
export function sha256(data: Uint8Array | string): Uint8Array {
  return nobleSha256(bytesOf(data));
}

/** Lowercase hex SHA-256. */
export function sha256Hex(data: Uint8Array | string): string {
  return toHex(nobleSha256(bytesOf(data)));
}

/** Lowercase hex SHA-256 of `prefix ‖ body` (a string body is hashed as UTF-8), without concatenating. */
export function sha256HexOf2(prefix: Uint8Array, body: Uint8Array | string): string {
  return toHex(nobleSha256.create().update(prefix).update(bytesOf(body)).digest());
}
