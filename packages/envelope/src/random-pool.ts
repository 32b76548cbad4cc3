import { randomFillSync } from "node:crypto";

// One CSPRNG call per 4 KiB instead of one per 16-byte salt: each call costs microseconds, and a
// new envelope needs several (id + one salt per part). The pool only caches fresh CSPRNG output;
// every byte is handed out once, then wiped, and never reused.
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let used = POOL_BYTES;

function take(length: number): number {
  if (used + length > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const start = used;
  used += length;
  return start;
}

/** Copies `length` fresh random bytes (≤ 4096) into `target` at `offset`. */
export function fillRandom(target: Uint8Array, offset: number, length: number): void {
  const start = take(length);
  target.set(pool.subarray(start, start + length), offset);
  pool.fill(0, start, start + length);
}

/** `length` fresh random bytes (≤ 4096) as unpadded base64url, encoded straight from the pool. */
export function randomBase64Url(length: number): string {
  const start = take(length);
  const text = pool.toString("base64url", start, start + length);
  pool.fill(0, start, start + length);
  return text;
}
