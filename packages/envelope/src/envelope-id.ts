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
  const time = Math.max(0, Math.min(Math.floor(nowMs), 2 ** 48 - 1));
  // Big-endian 48 bits: the high 16 by division (bitwise operators would cut at 32 bits).
  const high = Math.floor(time / 2 ** 32);
  bytes[0] = high >>> 8;
  bytes[1] = high & 0xff;
  bytes[2] = time >>> 24;
  bytes[3] = (time >>> 16) & 0xff;
  bytes[4] = (time >>> 8) & 0xff;
  bytes[5] = time & 0xff;
  fillRandom(bytes, TIME_BYTES, RANDOM_BYTES);
  return `ev_${base32(bytes)}`;
}

// Reused: only touched synchronously inside createEnvelopeId. The random bytes are overwritten
// by the next id, and an id's bytes are public anyway (they are the id).
const bytes = new Uint8Array(TIME_BYTES + RANDOM_BYTES);
const DIGITS = Array.from(ALPHABET, (c) => c.charCodeAt(0));
const codes = new Array<number>(Math.ceil(((TIME_BYTES + RANDOM_BYTES) * 8) / 5)).fill(0);

/** Crockford base32 of `input`, big-endian, the last digit padded with zero bits. */
function base32(input: Uint8Array): string {
  let buffer = 0;
  let bits = 0;
  let out = 0;
  for (let i = 0; i < input.length; i++) {
    buffer = ((buffer << 8) | input[i]!) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      codes[out++] = DIGITS[(buffer >>> bits) & 31]!;
    }
  }
  if (bits > 0) codes[out++] = DIGITS[(buffer << (5 - bits)) & 31]!;
  return String.fromCharCode(...codes);
}
