import {
  type Envelope,
  EnvelopeError,
  encodeEnvelope,
  isAboveCeiling,
  isRedactedPart,
  lineWith,
  readEnvelopeLine,
  redactEnvelope,
  type Sensitivity,
} from "@lodestar/envelope";

/**
 * A log line as it may leave this machine: every part above `ceiling` replaced by its salted
 * commitment (protocol §4), so the shipped line still hashes to the same value and the chain
 * verifies on the server. A line with nothing above the ceiling is sent byte for byte. The line
 * is parsed strictly first: a tampered line is refused here, never "redacted" into a valid one.
 */
export function redactLine(text: string, ceiling: Sensitivity): { line: string; envelope: Envelope } {
  const envelope = readEnvelopeLine(text);
  if (!hasPartAbove(envelope, ceiling)) return { line: text, envelope };
  const redacted = redactEnvelope(envelope, ceiling);
  // The envelope was strictly parsed and redaction only swaps open parts for their commitments,
  // so the schema holds; re-encoding must reproduce the same hash, or nothing is sent.
  const encoded = encodeEnvelope(redacted);
  if (encoded.hash !== envelope.hash) {
    throw new EnvelopeError("bad-hash", "the redacted envelope does not hash like the original", {
      field: "/hash",
    });
  }
  return { line: lineWith(encoded, envelope.hash), envelope: redacted };
}

function hasPartAbove(envelope: Envelope, ceiling: Sensitivity): boolean {
  for (const name of Object.keys(envelope.body)) {
    const part = envelope.body[name]!;
    if (!isRedactedPart(part) && isAboveCeiling(part.s ?? envelope.sensitivity, ceiling)) return true;
  }
  return false;
}
