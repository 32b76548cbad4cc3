import { CryptoError } from "./crypto-error.ts";

const HEX = /^(?:[0-9a-f]{2})*$/;

/** Lowercase hex, the only form hashes and key ids take on the wire. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/**
 * Strict lowercase hex decode. Buffer.from(s, "hex") silently stops at the first bad character;
 * a truncated digest would then compare as a different (or empty) value instead of failing.
 */
export function fromHex(hex: string): Uint8Array {
  if (!HEX.test(hex)) throw new CryptoError("invalid-hex", "expected an even-length lowercase hex string");
  return new Uint8Array(Buffer.from(hex, "hex"));
}
