// Wire-format patterns, shared by the zod schema, the JSON Schema and the id/salt generators.
// Every one of them admits only plain ASCII without JSON escapes, which is what lets the encoder
// copy these fields into canonical text verbatim (see encode-envelope.ts).

/** "ev_" + 36 Crockford base32 chars: 48-bit ms time ‖ 128 random bits (time-sortable, unguessable). */
export const ENVELOPE_ID_PATTERN = /^ev_[0-9A-HJKMNP-TV-Z]{36}$/;

/** Caller-chosen session id. */
export const SESSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** Lowercase hex SHA-256. Uppercase is refused so a digest has exactly one spelling. */
export const HEX64_PATTERN = /^[0-9a-f]{64}$/;

/**
 * 16 bytes as unpadded base64url: 22 chars whose last one carries 4 zero pad bits ([AQgw]).
 * Only the canonical spelling is accepted: otherwise the salt text could change without its bytes
 * (and so the commitment and the envelope hash) changing, an undetectable edit of the line.
 */
export const SALT_PATTERN = /^[A-Za-z0-9_-]{21}[AQgw]$/;

/** Date.prototype.toISOString form: UTC, millisecond precision. */
export const TIMESTAMP_PATTERN =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/**
 * Body part names. A leading lowercase letter rules out "__proto__" and friends: part names become
 * object keys in every reader, and attacker-chosen keys must never reach an object's prototype.
 */
export const PART_NAME_PATTERN = /^[a-z][A-Za-z0-9_.-]{0,63}$/;

/** Upper bounds that keep one envelope's header small; content size is bounded by the line limit. */
export const MAX_PARENTS = 1024;
export const MAX_ACTOR_FIELD = 256;
