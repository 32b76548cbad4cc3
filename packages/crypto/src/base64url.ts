import { CryptoError } from "./crypto-error.ts";

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// Digit value by char code; only the base64url alphabet (the regex above has vetted the text).
const DIGIT = new Uint8Array(128);
for (let i = 0; i < 64; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

/** RFC 4648 §5 base64url without padding: the encoding of keys and signatures on the wire. */
export function toBase64Url(bytes: Uint8Array): string {
  // Plain code, not Buffer: this runs in browsers too (test/base64url checks it against Buffer).
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!;
  }
  if (i + 1 === bytes.length) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]!;
  } else if (i + 2 === bytes.length) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]!;
  }
  return out;
}

/**
 * Strict base64url decode. Lenient decoders (Node's among them) skip junk characters and ignore
 * non-zero trailing bits, so many strings decode to the same bytes; a signature would then have
 * several spellings (malleability). Only the one canonical, unpadded spelling is accepted.
 */
export function fromBase64Url(text: string): Uint8Array {
  if (!BASE64URL.test(text) || text.length % 4 === 1) {
    throw new CryptoError("invalid-base64url", "expected unpadded base64url");
  }
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let pending = 0;
  let out = 0;
  for (let i = 0; i < text.length; i++) {
    bits = ((bits << 6) | DIGIT[text.charCodeAt(i)]!) & 0xffffff;
    pending += 6;
    if (pending >= 8) {
      pending -= 8;
      bytes[out++] = (bits >>> pending) & 0xff;
    }
  }
  // The bits left over after the last whole byte are padding and must be zero.
  if ((bits & ((1 << pending) - 1)) !== 0) {
    throw new CryptoError("invalid-base64url", "non-canonical base64url (trailing bits set)");
  }
  return bytes;
}
