import { randomFillSync } from "node:crypto";

// One CSPRNG call per 4 KiB instead of one per 16-byte salt: each call costs microseconds, and a
// new envelope needs several (id + one salt per part). The pool only caches fresh CSPRNG output;
// every byte is handed out once and never reused.
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let used = POOL_BYTES;

/** Copies `length` fresh random bytes (≤ 4096) into `target` at `offset`. */
export function fillRandom(target: Uint8Array, offset: number, length: number): void {
  if (used + length > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  target.set(pool.subarray(used, used + length), offset);
  // Spent bytes are wiped so they cannot be read back later from the pool.
  pool.fill(0, used, used + length);
  used += length;
}
