import { CryptoError } from "./crypto-error.ts";

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** RFC 4648 §5 base64url without padding: the encoding of keys and signatures on the wire. */
export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}

/**
 * Strict base64url decode. Node's decoder skips junk characters and ignores non-zero trailing bits,
 * so many strings decode to the same bytes; a signature would then have several spellings
 * (malleability). Only the one canonical, unpadded spelling is accepted.
 */
export function fromBase64Url(text: string): Uint8Array {
  if (!BASE64URL.test(text) || text.length % 4 === 1) {
    throw new CryptoError("invalid-base64url", "expected unpadded base64url");
  }
  const bytes = Buffer.from(text, "base64url");
  if (bytes.toString("base64url") !== text) {
    throw new CryptoError("invalid-base64url", "non-canonical base64url (trailing bits set)");
  }
  return new Uint8Array(bytes);
}
