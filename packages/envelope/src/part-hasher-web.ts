import { sha256Hex } from "@lodestar/crypto";

// The browser (and any non-Node runtime) target of `#part-hasher`: a Uint8Array scratch, the
// platform TextEncoder, and @lodestar/crypto's SHA-256 (@noble/hashes there). Same commitments
// as part-hasher-node.ts (test/platform-equivalence).

const encoder = new TextEncoder();

/** Lowercase hex SHA-256 of the UTF-8 of `text`. */
export function sha256HexOfText(text: string): string {
  return sha256Hex(text);
}

/** A scratch area of `size` bytes (contents unspecified). */
export function allocateScratch(size: number): Uint8Array {
  return new Uint8Array(size);
}

/**
 * Writes `text` as UTF-8 into `scratch` at `at`; returns the bytes written. The caller reserves 3
 * bytes per UTF-16 unit, so nothing is cut off.
 */
export function writeUtf8(scratch: Uint8Array, at: number, text: string): number {
  return encoder.encodeInto(text, scratch.subarray(at)).written;
}

// Digit values of both base64 alphabets (Node's lenient decoder takes either), -1 elsewhere.
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  DIGIT["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".charCodeAt(i)] = i;
}
DIGIT["+".charCodeAt(0)] = 62;
DIGIT["/".charCodeAt(0)] = 63;

/**
 * Decodes `text` leniently into `scratch` at `at`, exactly as Node's Buffer#write(text, at,
 * "base64url") does (the reference in test/platform-equivalence): characters outside the alphabet
 * are skipped, decoding stops at "=", and at most the length Node sizes from the text is written.
 * Only non-canonical salts reach this (a schema-valid envelope never does). The caller leaves room
 * for the whole text (`text.length` bytes after `at`).
 */
export function writeBase64Lenient(scratch: Uint8Array, at: number, text: string): number {
  const limit = Math.min(decodedSize(text), scratch.length - at);
  let bits = 0;
  let pending = 0;
  let out = 0;
  for (let i = 0; i < text.length && out < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d) break;
    const digit = c < 128 ? DIGIT[c]! : -1;
    if (digit === -1) continue;
    bits = ((bits << 6) | digit) & 0xfff;
    pending += 6;
    if (pending >= 8) {
      pending -= 8;
      scratch[at + out++] = bits >>> pending;
    }
  }
  return out;
}

/** The byte count Node allots to a base64 text: from its length, less up to two trailing "=". */
function decodedSize(text: string): number {
  let size = text.length;
  if (size < 2) return 0;
  if (text.charCodeAt(size - 1) === 0x3d) {
    size--;
    if (text.charCodeAt(size - 1) === 0x3d) size--;
  }
  const whole = Math.floor(size / 4) * 3;
  const remainder = size % 4;
  if (remainder === 0 || (whole === 0 && remainder === 1)) return whole;
  return whole + 1 + (remainder === 3 ? 1 : 0);
}

/** Lowercase hex SHA-256 of `scratch[0, length)`. */
export function sha256HexOfScratch(scratch: Uint8Array, length: number): string {
  return sha256Hex(scratch.subarray(0, length));
}
