import { DOMAINS, domainHash, domainHashBytes, sha256Hex } from "@lodestar/crypto";
import { canonicalize } from "@lodestar/jcs";

const utf8 = new TextEncoder();
const ENVELOPE_PREFIX = `${DOMAINS.envelope}\n`;
const SALT_BYTES = 16;

/**
 * Salted commitment to one part: hex sha256("lodestar.part.v1\n" ‖ salt bytes ‖ canonicalBytes(value)).
 * The 128-bit salt is what makes a redacted low-entropy value ("yes", an account number)
 * impossible to confirm by hashing guesses (protocol §4).
 * `canonicalValue` must be canonicalize(value); callers on the hot path already have it.
 */
export function commitmentOf(salt: string, canonicalValue: string): string {
  // The salt was matched against SALT_PATTERN, which admits only the canonical spelling, so the
  // permissive Buffer decoder cannot map two salt texts to the same bytes here.
  const saltBytes = Buffer.from(salt, "base64url");
  const valueBytes = utf8.encode(canonicalValue);
  const message = new Uint8Array(SALT_BYTES + valueBytes.length);
  message.set(saltBytes, 0);
  message.set(valueBytes, SALT_BYTES);
  return domainHashBytes(DOMAINS.part, message);
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
