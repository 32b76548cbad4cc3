import * as ed from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";
import { CryptoError } from "./crypto-error.ts";

// noble v3 needs a synchronous SHA-512 wired in before its sync API works.
ed.hashes.sha512 = sha512;

export const SECRET_KEY_LENGTH = 32;
export const PUBLIC_KEY_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;

/**
 * The one verification rule, identical in Node and the browser (ADR 0007): RFC 8032 / FIPS 186-5
 * strict decoding — S < L, canonical R and A encodings, small-order public keys rejected. ZIP-215
 * is deliberately off: it accepts non-canonical encodings, so one message would have several
 * valid signatures and a signature could verify in one verifier and fail in another.
 */
const VERIFY_RULE = { zip215: false } as const;

export interface KeyPair {
  /** 32-byte RFC 8032 seed. Never log it; write it only with writeSecretKeyFile. */
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/** Fresh Ed25519 key pair from the platform CSPRNG. */
export function generateKeyPair(): KeyPair {
  const { secretKey, publicKey } = ed.keygen();
  return { secretKey, publicKey };
}

/** Public key of a 32-byte seed. */
export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  assertLength(secretKey, SECRET_KEY_LENGTH, "secret key");
  return ed.getPublicKey(secretKey);
}

/** Raw RFC 8032 Ed25519 signature of `message`. Callers sign through signObject (domain-separated). */
export function signMessage(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  assertLength(secretKey, SECRET_KEY_LENGTH, "secret key");
  return ed.sign(message, secretKey);
}

/**
 * Raw verification under VERIFY_RULE. Inputs are attacker-controlled: wrong lengths, undecodable
 * points and anything else that would make the library throw all mean "not valid", never an exception.
 */
export function verifyMessage(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_LENGTH) return false;
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== PUBLIC_KEY_LENGTH) return false;
  if (!(message instanceof Uint8Array)) return false;
  try {
    return ed.verify(signature, message, publicKey, VERIFY_RULE);
  } catch {
    return false;
  }
}

function assertLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new CryptoError("invalid-key-length", `${what} must be ${length} bytes`);
  }
}
