import * as nodeCrypto from "node:crypto";

// Node's SHA-256 (OpenSSL): the `node` target of `#sha256` (package.json "imports"). The browser
// gets sha256-web.ts, the same function over @noble/hashes; test/platform-equivalence checks both
// give the same bytes.

// crypto.hash (Node >= 20.12) hashes in one call, about a microsecond cheaper than createHash.
const oneShot: ((algorithm: string, data: string | Uint8Array, encoding: "hex") => string) | undefined =
  typeof nodeCrypto.hash === "function" ? nodeCrypto.hash : undefined;

/** SHA-256 of bytes, or of the UTF-8 encoding of a string. */
export function sha256(data: Uint8Array | string): Uint8Array {
  // Copy out of the Buffer: a view could expose a shared pool ArrayBuffer through `.buffer`.
  return new Uint8Array(nodeCrypto.createHash("sha256").update(data).digest());
}

/** Lowercase hex SHA-256. */
export function sha256Hex(data: Uint8Array | string): string {
  return oneShot
    ? oneShot("sha256", data, "hex")
    : nodeCrypto.createHash("sha256").update(data).digest("hex");
}

/** Lowercase hex SHA-256 of `prefix ‖ body` (a string body is hashed as UTF-8), without concatenating. */
export function sha256HexOf2(prefix: Uint8Array, body: Uint8Array | string): string {
  return nodeCrypto.createHash("sha256").update(prefix).update(body).digest("hex");
}
