import { verifyFast } from "#ed25519-verify";
import { CryptoError } from "./crypto-error.ts";
import { strictKeygen, strictPublicKey, strictSign } from "./ed25519-strict.ts";

export const SECRET_KEY_LENGTH = 32;
export const PUBLIC_KEY_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;

export interface KeyPair {
  /** 32-byte RFC 8032 seed. Never log it; write it only with writeSecretKeyFile. */
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/** Fresh Ed25519 key pair from the platform CSPRNG. */
export function generateKeyPair(): KeyPair {
  const { secretKey, publicKey } = strictKeygen();
  return { secretKey, publicKey };
}

/** Public key of a 32-byte seed. */
export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  assertLength(secretKey, SECRET_KEY_LENGTH, "secret key");
  return strictPublicKey(secretKey);
}

/**
 * Raw RFC 8032 Ed25519 signature (deterministic). Signed with noble rather than OpenSSL: importing
 * a raw seed into OpenSSL costs more than noble's whole signature, and caching imported secret keys
 * would keep secrets alive in memory.
 */
export function signMessage(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  assertLength(secretKey, SECRET_KEY_LENGTH, "secret key");
  return strictSign(message, secretKey);
}

/**
 * Raw verification under the one rule (ED25519_VERIFY_OPTIONS). Inputs are attacker-controlled:
 * wrong lengths, undecodable points and anything that would make a library throw mean "not valid".
 */
export function verifyMessage(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_LENGTH) return false;
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== PUBLIC_KEY_LENGTH) return false;
  if (!(message instanceof Uint8Array)) return false;
  return verifyFast(signature, message, publicKey);
}

function assertLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new CryptoError("invalid-key-length", `${what} must be ${length} bytes`);
  }
}
