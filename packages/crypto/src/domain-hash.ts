import { createHash } from "node:crypto";
import { canonicalize } from "@lodestar/jcs";
import { domainPrefix } from "./domains.ts";

/** hex sha256(ascii(domain + "\n") ‖ canonicalBytes(value)). Throws JcsError for non-canonical values. */
export function domainHash(domain: string, value: unknown): string {
  const prefix = domainPrefix(domain);
  // Hashing the canonical string as UTF-8 directly skips an intermediate byte array; the bytes
  // hashed are identical to canonicalBytes(value).
  return createHash("sha256").update(prefix).update(canonicalize(value), "utf8").digest("hex");
}

/** hex sha256(ascii(domain + "\n") ‖ bytes): the same prefix rule for raw bytes. */
export function domainHashBytes(domain: string, bytes: Uint8Array): string {
  return createHash("sha256").update(domainPrefix(domain)).update(bytes).digest("hex");
}
