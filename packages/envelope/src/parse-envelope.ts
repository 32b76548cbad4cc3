import { canonicalize, JcsError } from "@lodestar/jcs";
import { type EncodedEnvelope, encodeEnvelope, lineWith } from "./encode-envelope.ts";
import { EnvelopeError } from "./envelope-error.ts";
import type { Envelope } from "./schema.ts";
import { validateEnvelope } from "./validate-envelope.ts";

/**
 * Parses one log line (no trailing newline) into an envelope, accepting only the exact RFC 8785
 * canonical text of a schema-valid v1 envelope whose hash matches its content.
 *
 * Lines come from files anyone can edit, so every check is strict: native JSON.parse, then the
 * canonical re-encoding must reproduce the line byte for byte (which rejects duplicate keys,
 * whitespace, escapes, unsafe integers, lone surrogates — anything with two spellings), then the hash.
 */
export function parseEnvelopeLine(line: string): Envelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (cause) {
    throw new EnvelopeError("invalid-json", "line is not JSON", { cause });
  }
  let envelope: Envelope;
  try {
    envelope = validateEnvelope(parsed);
  } catch (error) {
    // Report a non-canonical line as such even when it also fails the schema (canonical form is
    // checked first by contract); the slower full canonicalize runs only on this rejection path.
    if (!isCanonicalText(parsed, line)) {
      throw new EnvelopeError("non-canonical", "line is not RFC 8785 canonical JSON", { cause: error });
    }
    throw error;
  }
  const encoded = encodeChecked(envelope);
  if (lineWith(encoded, envelope.hash) !== line) {
    throw new EnvelopeError("non-canonical", "line is not RFC 8785 canonical JSON");
  }
  return checkHash(envelope, encoded);
}

/**
 * Validates an envelope held as a value (e.g. parsed by someone else): schema, canonicalizable
 * content, matching hash. Use parseEnvelopeLine for text, which also proves canonical form.
 */
export function parseEnvelopeValue(value: unknown): Envelope {
  const envelope = validateEnvelope(value);
  return checkHash(envelope, encodeChecked(envelope));
}

/** Canonical line of a valid envelope. Refuses one whose hash does not match, so it is never written. */
export function serializeEnvelope(envelope: Envelope): string {
  const valid = validateEnvelope(envelope);
  const encoded = encodeChecked(valid);
  checkHash(valid, encoded);
  return lineWith(encoded, valid.hash);
}

/** Hash an envelope's content commits to (ignores its own `hash` field). */
export function envelopeHash(envelope: Envelope | Omit<Envelope, "hash">): string {
  return encodeChecked(validateEnvelope({ ...envelope, hash: "0".repeat(64) })).hash;
}

function encodeChecked(envelope: Envelope): EncodedEnvelope {
  try {
    return encodeEnvelope(envelope);
  } catch (error) {
    if (error instanceof JcsError) {
      // A value with no canonical form (lone surrogate, unsafe integer, excessive nesting).
      throw new EnvelopeError("non-canonical", error.message, { cause: error });
    }
    throw error;
  }
}

function checkHash(envelope: Envelope, encoded: EncodedEnvelope): Envelope {
  if (encoded.hash !== envelope.hash) {
    throw new EnvelopeError("bad-hash", "hash does not match the envelope's content", { field: "/hash" });
  }
  return envelope;
}

function isCanonicalText(parsed: unknown, line: string): boolean {
  try {
    return canonicalize(parsed) === line;
  } catch {
    return false;
  }
}
