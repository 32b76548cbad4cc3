import { verifyStrict } from "./ed25519-strict.ts";

/**
 * The browser (and any non-Node runtime) target of `#ed25519-verify`: noble's strict verification
 * itself, which is the rule (ADR 0007). Node gets ed25519-fast-verify.ts, an OpenSSL fast path
 * with exactly this accept set (test/ed25519-equivalence).
 */
export function verifyFast(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  return verifyStrict(signature, message, publicKey);
}
