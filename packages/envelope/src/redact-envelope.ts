import { partCommitment } from "./hashing.ts";
import type { Envelope, Part } from "./schema.ts";
import { isRedactedPart } from "./schema.ts";
import { isAboveCeiling, type Sensitivity } from "./sensitivity.ts";

/**
 * Copy of `envelope` readable by someone cleared up to `ceiling`: every part whose level (its own
 * `s`, else the envelope's `sensitivity`) is above the ceiling becomes `{ s?, redacted: commitment }`.
 * Salt and value both go (protocol §4: without the salt a low-entropy value cannot be confirmed by
 * hashing guesses). The hash is unchanged: it commits to parts only through their commitments.
 */
export function redactEnvelope(envelope: Envelope, ceiling: Sensitivity): Envelope {
  const body: Record<string, Part> = {};
  // Part names were checked against PART_NAME_PATTERN when the envelope was parsed or created,
  // so assigning them as keys cannot reach Object.prototype.
  for (const name of Object.keys(envelope.body)) {
    const part = envelope.body[name]!;
    body[name] = redactPart(part, part.s ?? envelope.sensitivity, ceiling);
  }
  return { ...envelope, body };
}

function redactPart(part: Part, level: Sensitivity, ceiling: Sensitivity): Part {
  if (isRedactedPart(part) || !isAboveCeiling(level, ceiling)) return part;
  const redacted = partCommitment(part.salt, part.value);
  return part.s === undefined ? { redacted } : { s: part.s, redacted };
}
