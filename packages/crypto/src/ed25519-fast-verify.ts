import { createPublicKey, type KeyObject, verify as opensslVerify } from "node:crypto";
import { isAcceptablePublicKey, verifyStrict } from "./ed25519-strict.ts";

// DER SubjectPublicKeyInfo header for a raw 32-byte Ed25519 key (RFC 8410).
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const MAX_CACHED_KEYS = 1024;

// Public keys only (never secrets): decoded OpenSSL key objects, or null for keys that fail the
// strict key checks. Bounded; cleared wholesale when full, so attacker-chosen keys cannot grow it.
const keyCache = new Map<string, KeyObject | null>();

function opensslKeyFor(publicKey: Uint8Array): KeyObject | null {
  const id = Buffer.from(publicKey).toString("hex");
  let key = keyCache.get(id);
  if (key === undefined) {
    key = isAcceptablePublicKey(publicKey)
      ? createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: "der", type: "spki" })
      : null;
    if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
    keyCache.set(id, key);
  }
  return key;
}

/**
 * Same accept set as verifyStrict (noble, zip215: false), about 10x faster for valid signatures.
 *
 * Why it is the same rule: once the key has passed the strict key checks, an OpenSSL accept means
 * the cofactorless equation [S]B = R + [k]A holds with S < L and R byte-equal to a canonical
 * encoding, which implies every condition noble checks (its cofactored equation follows by
 * multiplying by 8). OpenSSL may still reject what noble accepts (mixed-order R), so every OpenSSL
 * reject is re-decided by noble. Net: accept iff noble accepts; test/ed25519-equivalence proves it
 * on Wycheproof and crafted edge cases.
 */
export function verifyFast(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  const key = opensslKeyFor(publicKey);
  if (key === null) return false;
  try {
    if (opensslVerify(null, message, key, signature)) return true;
  } catch {
    // Malformed input is decided by the strict path below.
  }
  return verifyStrict(signature, message, publicKey);
}
