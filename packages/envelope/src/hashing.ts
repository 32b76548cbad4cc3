import * as nodeCrypto from "node:crypto";
import { DOMAINS, domainHash } from "@lodestar/crypto";
import { canonicalize } from "@lodestar/jcs";

const ENVELOPE_PREFIX = `${DOMAINS.envelope}\n`;
const PART_PREFIX = Buffer.from(`${DOMAINS.part}\n`, "ascii");
const SALT_AT = PART_PREFIX.length;
const VALUE_AT = SALT_AT + 16;

// crypto.hash (Node >= 20.12) hashes in one call; createHash costs about a microsecond more per
// hash, which is a third of verify time at four hashes per envelope. Same SHA-256 either way.
const oneShot: ((algorithm: string, data: string | Buffer, encoding: "hex") => string) | undefined =
  typeof nodeCrypto.hash === "function" ? nodeCrypto.hash : undefined;

function sha256Hex(data: string | Buffer): string {
  return oneShot
    ? oneShot("sha256", data, "hex")
    : nodeCrypto.createHash("sha256").update(data).digest("hex");
}

// Reused message buffer for commitments (part prefix ‖ salt ‖ value). Only touched synchronously
// inside commitmentOf, so no two uses can overlap.
let scratch = Buffer.allocUnsafe(64 * 1024);
PART_PREFIX.copy(scratch, 0);

/**
 * Salted commitment to one part: hex sha256("lodestar.part.v1\n" ‖ salt bytes ‖ canonicalBytes(value)).
 * The 128-bit salt is what makes a redacted low-entropy value ("yes", an account number)
 * impossible to confirm by hashing guesses (protocol §4).
 * `canonicalValue` must be canonicalize(value); callers on the hot path already have it.
 * Tests check this equals domainHashBytes(DOMAINS.part, salt bytes ‖ canonicalBytes(value)).
 */
export function commitmentOf(salt: string, canonicalValue: string): string {
  const needed = VALUE_AT + canonicalValue.length * 3; // UTF-8 needs at most 3 bytes per UTF-16 unit
  if (needed > scratch.length) {
    scratch = Buffer.allocUnsafe(needed);
    PART_PREFIX.copy(scratch, 0);
  }
  // The salt matched SALT_PATTERN, which admits only the canonical spelling of 16 bytes, so the
  // permissive base64url decoder cannot map two salt texts to the same bytes.
  const saltBytes = scratch.write(salt, SALT_AT, "base64url");
  if (saltBytes !== 16) throw new RangeError("salt must be 16 bytes");
  const valueBytes = scratch.write(canonicalValue, VALUE_AT, "utf8");
  return sha256Hex(scratch.subarray(0, VALUE_AT + valueBytes));
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
  return sha256Hex(ENVELOPE_PREFIX + preimageText);
}

/** Genesis `prev` of a session's first envelope: domainHash("lodestar.genesis.v1", { session }). */
export function genesisHash(session: string): string {
  return domainHash(DOMAINS.genesis, { session });
}
