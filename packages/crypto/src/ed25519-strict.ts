import * as ed from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";

// noble v3 needs a synchronous SHA-512 wired in before its sync API works.
ed.hashes.sha512 = sha512;

/**
 * THE verification rule (ADR 0007), identical in Node and in the browser, which runs this same
 * noble call: RFC 8032 / FIPS 186-5 strict decoding (S < L, canonical R and A), small-order public
 * keys rejected, cofactored equation. ZIP-215 is off: it admits non-canonical encodings, so one
 * message would have several valid signatures.
 */
export const ED25519_VERIFY_OPTIONS = { zip215: false } as const;

/** noble's strict verification; false (never an exception) on undecodable input. */
export function verifyStrict(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed.verify(signature, message, publicKey, ED25519_VERIFY_OPTIONS);
  } catch {
    return false;
  }
}

/**
 * True when `publicKey` decodes canonically (y < p, no "negative zero" x) to a point that is not of
 * small order: the key-side preconditions of verifyStrict. Small-order keys are the case where
 * OpenSSL and noble disagree: OpenSSL accepts (R = identity, S = 0) for ANY message under the
 * identity key.
 */
export function isAcceptablePublicKey(publicKey: Uint8Array): boolean {
  try {
    return !ed.Point.fromBytes(publicKey, false).isSmallOrder();
  } catch {
    return false;
  }
}

export function strictSign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return ed.sign(message, secretKey);
}

export function strictPublicKey(secretKey: Uint8Array): Uint8Array {
  return ed.getPublicKey(secretKey);
}

export function strictKeygen(): { secretKey: Uint8Array; publicKey: Uint8Array } {
  return ed.keygen();
}
