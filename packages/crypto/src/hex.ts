import { CryptoError } from "./crypto-error.ts";

const HEX = /^(?:[0-9a-f]{2})*$/;
// Two lowercase hex digits per byte value. Plain code, not Buffer: this runs in browsers too.
const BYTE_TO_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** Lowercase hex, the only form hashes and key ids take on the wire. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_HEX[bytes[i]!]!;
  return out;
}

/**
 * Strict lowercase hex decode: anything but an even-length run of [0-9a-f] is refused, so a
 * truncated digest can never compare as a different (or empty) value instead of failing.
 */
export function fromHex(hex: string): Uint8Array {
  if (!HEX.test(hex)) throw new CryptoError("invalid-hex", "expected an even-length lowercase hex string");
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
