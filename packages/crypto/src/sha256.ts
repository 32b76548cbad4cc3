import { createHash } from "node:crypto";

/** SHA-256 of bytes, or of the UTF-8 encoding of a string. */
export function sha256(data: Uint8Array | string): Uint8Array {
  // Copy out of the Buffer: a view could expose a shared pool ArrayBuffer through `.buffer`.
  return new Uint8Array(createHash("sha256").update(data).digest());
}

/** Lowercase hex SHA-256. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}
