import { type CanonicalizeOptions, canonicalize } from "./canonicalize.ts";

const utf8 = new TextEncoder();

/** UTF-8 bytes of the RFC 8785 canonical text: what gets hashed and signed. */
export function canonicalBytes(value: unknown, options?: CanonicalizeOptions): Uint8Array {
  return utf8.encode(canonicalize(value, options));
}
