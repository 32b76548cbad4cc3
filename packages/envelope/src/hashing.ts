import { DOMAINS, domainHash } from "@lodestar/crypto";
import { canonicalize } from "@lodestar/jcs";
import {
  allocateScratch,
  sha256HexOfScratch,
  sha256HexOfText,
  writeBase64Lenient,
  writeUtf8,
} from "#part-hasher";

// `#part-hasher` resolves per platform (package.json "imports", ADR 0021): Buffer and OpenSSL
// under Node, a Uint8Array, TextEncoder and @noble/hashes in a browser. The rules below are shared.

const ENVELOPE_PREFIX = `${DOMAINS.envelope}\n`;
const PART_PREFIX = new TextEncoder().encode(`${DOMAINS.part}\n`);
const SALT_AT = PART_PREFIX.length;
const VALUE_AT = SALT_AT + 16;

// Reused message buffer for commitments (part prefix ‖ salt ‖ value). Only touched synchronously
// inside commitmentOf, so no two uses can overlap.
let scratch = allocateScratch(64 * 1024);
scratch.set(PART_PREFIX, 0);

/**
 * Salted commitment to one part: hex sha256("lodestar.part.v1\n" ‖ salt bytes ‖ canonicalBytes(value)).
 * The 128-bit salt is what makes a redacted low-entropy value ("yes", an account number)
 * impossible to confirm by hashing guesses (protocol §4).
 * `canonicalValue` must be canonicalize(value); callers on the hot path already have it.
 * Tests check this equals domainHashBytes(DOMAINS.part, salt bytes ‖ canonicalBytes(value)).
 */
export function commitmentOf(salt: string, canonicalValue: string): string {
  reserve(canonicalValue);
  // The salt matched SALT_PATTERN, which admits only the canonical spelling of 16 bytes, so the
  // permissive base64url decoder cannot map two salt texts to the same bytes.
  if (salt.length !== SALT_CHARS || !decodeSalt(salt, 0)) {
    // Anything else keeps Buffer's lenient decoder (it skips foreign characters), on every platform.
    const saltBytes = writeBase64Lenient(scratch, SALT_AT, salt);
    if (saltBytes !== 16) throw new RangeError("salt must be 16 bytes");
  }
  return hashScratch(canonicalValue);
}

/**
 * commitmentOf for a salt held in `text` at `at` (just after its opening quote), as the verifier
 * reads it out of a line: undefined unless the salt is canonical (what SALT_PATTERN admits) and
 * followed by its closing quote. Decoding from the line saves a slice, a regex run and a
 * lenient decode per part.
 */
export function commitmentAt(text: string, at: number, canonicalValue: string): string | undefined {
  if (text.charCodeAt(at + SALT_CHARS) !== 0x22) return undefined;
  reserve(canonicalValue);
  // The last character carries 2 data bits and 4 pad bits, which must be zero ([AQgw]).
  if (!decodeSalt(text, at) || (BASE64URL[text.charCodeAt(at + SALT_CHARS - 1)]! & 15) !== 0)
    return undefined;
  return hashScratch(canonicalValue);
}

const SALT_CHARS = 22;
// base64url digit values by char code (-1: not a base64url digit).
const BASE64URL = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  BASE64URL["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".charCodeAt(i)] = i;
}

/**
 * Decodes 22 base64url digits at `text[at]` into the 16 salt bytes of the scratch buffer, as
 * Buffer's decoder would (the 4 leftover bits are dropped); false if one is not a digit. A plain
 * loop: Buffer.write costs more in argument handling than the decoding itself.
 */
function decodeSalt(text: string, at: number): boolean {
  let bits = 0;
  let pending = 0;
  let out = SALT_AT;
  for (let i = at; i < at + SALT_CHARS; i++) {
    const c = text.charCodeAt(i);
    const digit = c < 128 ? BASE64URL[c]! : -1;
    if (digit === -1) return false;
    bits = ((bits << 6) | digit) & 0xfff;
    pending += 6;
    if (pending >= 8) {
      pending -= 8;
      scratch[out++] = bits >>> pending;
    }
  }
  return true;
}

function reserve(canonicalValue: string): void {
  const needed = VALUE_AT + canonicalValue.length * 3; // UTF-8 needs at most 3 bytes per UTF-16 unit
  if (needed > scratch.length) {
    scratch = allocateScratch(needed);
    scratch.set(PART_PREFIX, 0);
  }
}

/** Hash of the scratch buffer: prefix, the salt just decoded into it, then the value's UTF-8. */
function hashScratch(canonicalValue: string): string {
  const valueBytes = writeUtf8(scratch, VALUE_AT, canonicalValue);
  return sha256HexOfScratch(scratch, VALUE_AT + valueBytes);
}

/** commitmentOf for a value that has not been canonicalized yet. */
export function partCommitment(salt: string, value: unknown): string {
  return commitmentOf(salt, canonicalize(value));
}

/**
 * Envelope hash from the canonical text of its preimage (the envelope without `hash`, each part
 * replaced by `{ s?, c }`). Identical to domainHash(DOMAINS.envelope, preimageObject): the
 * preimage text is already canonical, so it is hashed without being re-canonicalized.
 */
export function hashOfPreimage(preimageText: string): string {
  return sha256HexOfText(ENVELOPE_PREFIX + preimageText);
}

/** Genesis `prev` of a session's first envelope: domainHash("lodestar.genesis.v1", { session }). */
export function genesisHash(session: string): string {
  return domainHash(DOMAINS.genesis, { session });
}
