// One CSPRNG call per 4 KiB instead of one per 16-byte salt: each call costs microseconds, and a
// new envelope needs several (id + one salt per part). The pool only caches fresh CSPRNG output;
// every byte is handed out once, then wiped, and never reused. WebCrypto's getRandomValues is the
// platform CSPRNG in Node (>= 19, as globalThis.crypto) and in browsers alike.
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let used = POOL_BYTES;

function take(length: number): number {
  if (used + length > POOL_BYTES) {
    globalThis.crypto.getRandomValues(pool);
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

// base64url digit codes; the text is built from char codes in one call (a flat string: concatenating
// two-character pieces made a rope that every later read of the salt had to flatten).
const DIGITS = Array.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", (c) =>
  c.charCodeAt(0),
);
const codes: number[] = [];

/** `length` fresh random bytes (≤ 4096) as unpadded base64url, encoded straight from the pool. */
export function randomBase64Url(length: number): string {
  const start = take(length);
  const end = start + length;
  codes.length = Math.ceil((length * 4) / 3);
  let out = 0;
  let i = start;
  for (; i + 2 < end; i += 3) {
    const n = (pool[i]! << 16) | (pool[i + 1]! << 8) | pool[i + 2]!;
    codes[out++] = DIGITS[n >>> 18]!;
    codes[out++] = DIGITS[(n >>> 12) & 63]!;
    codes[out++] = DIGITS[(n >>> 6) & 63]!;
    codes[out++] = DIGITS[n & 63]!;
  }
  if (i + 1 === end) {
    codes[out++] = DIGITS[pool[i]! >>> 2]!;
    codes[out++] = DIGITS[(pool[i]! & 3) << 4]!;
  } else if (i + 2 === end) {
    const n = (pool[i]! << 8) | pool[i + 1]!;
    codes[out++] = DIGITS[n >>> 10]!;
    codes[out++] = DIGITS[(n >>> 4) & 63]!;
    codes[out++] = DIGITS[(n & 15) << 2]!;
  }
  pool.fill(0, start, end);
  return String.fromCharCode.apply(null, codes);
}
