import { CryptoError } from "./crypto-error.ts";
import { domainHashBytes } from "./domain-hash.ts";
import { DOMAINS } from "./domains.ts";
import { PUBLIC_KEY_LENGTH } from "./ed25519.ts";

/**
 * Key id: "ed25519:" + first 32 hex (128 bits) of domainHashBytes(keyid, publicKey). Derived from
 * the key, so a key id can never be re-pointed at another key without the mismatch showing.
 */
export function keyIdOf(publicKey: Uint8Array): string {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== PUBLIC_KEY_LENGTH) {
    throw new CryptoError("invalid-key-length", `public key must be ${PUBLIC_KEY_LENGTH} bytes`);
  }
  return `ed25519:${domainHashBytes(DOMAINS.keyid, publicKey).slice(0, 32)}`;
}
