import { canonicalize } from "@lodestar/jcs";
import { sha256HexOf2 } from "#sha256";
import { domainPrefix } from "./domains.ts";

/** hex sha256(ascii(domain + "\n") ‖ canonicalBytes(value)). Throws JcsError for non-canonical values. */
export function domainHash(domain: string, value: unknown): string {
  // Hashing the canonical string as UTF-8 directly skips an intermediate byte array; the bytes
  // hashed are identical to canonicalBytes(value).
  return sha256HexOf2(domainPrefix(domain), canonicalize(value));
}

/** hex sha256(ascii(domain + "\n") ‖ bytes): the same prefix rule for raw bytes. */
export function domainHashBytes(domain: string, bytes: Uint8Array): string {
  return sha256HexOf2(domainPrefix(domain), bytes);
}
