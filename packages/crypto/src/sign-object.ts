import { canonicalBytes } from "@lodestar/jcs";
import { fromBase64Url, toBase64Url } from "./base64url.ts";
import { domainPrefix } from "./domains.ts";
import { signMessage, verifyMessage } from "./ed25519.ts";
import type { Signer } from "./signer.ts";

/** The exact bytes signed for `value` under `domain`: ascii(domain + "\n") ‖ canonicalBytes(value). */
export function signingBytes(domain: string, value: unknown): Uint8Array {
  const prefix = domainPrefix(domain);
  const body = canonicalBytes(value);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix, 0);
  message.set(body, prefix.length);
  return message;
}

/** base64url Ed25519 signature over the domain-separated canonical bytes of `value`. */
export function signObject(domain: string, value: unknown, secretKey: Uint8Array): string {
  return toBase64Url(signMessage(signingBytes(domain, value), secretKey));
}

/** signObject with a long-lived Signer: the same signature, computed by OpenSSL. */
export function signObjectWith(domain: string, value: unknown, signer: Signer): string {
  return toBase64Url(signer.sign(signingBytes(domain, value)));
}

/**
 * True only if `signature` is a valid signature by `publicKey` over `value` under `domain`.
 * Every input may be attacker-controlled, so this never throws: a malformed signature, a value with
 * no canonical form, or an invalid domain all return false.
 */
export function verifyObject(
  domain: string,
  value: unknown,
  signature: string,
  publicKey: Uint8Array,
): boolean {
  try {
    if (typeof signature !== "string") return false;
    return verifyMessage(fromBase64Url(signature), signingBytes(domain, value), publicKey);
  } catch {
    return false;
  }
}
