import { fillRandom } from "./random-pool.ts";

// Crockford base32: no I, L, O, U; ascending ASCII, so text order equals byte order.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TIME_BYTES = 6;
const RANDOM_BYTES = 16;

/**
 * New envelope id: "ev_" + base32(48-bit big-endian ms timestamp ‖ 128 random bits), 36 chars.
 * The timestamp makes ids sort by creation time; the 128 random bits make them unguessable and
 * unique without coordination (the timestamp is not relied on for uniqueness).
 */
export function createEnvelopeId(nowMs: number = Date.now()): string {
  const bytes = Buffer.alloc(TIME_BYTES + RANDOM_BYTES);
  bytes.writeUIntBE(Math.max(0, Math.min(Math.floor(nowMs), 2 ** 48 - 1)), 0, TIME_BYTES);
  fillRandom(bytes, TIME_BYTES, RANDOM_BYTES);
  return `ev_${base32(bytes)}`;
}

function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}
