import {
  type Envelope,
  EnvelopeError,
  encodeEnvelope,
  inspectEnvelopeLine,
  isAboveCeiling,
  isRedactedPart,
  lineWith,
  readEnvelopeLine,
  redactEnvelope,
  SENSITIVITIES,
  type Sensitivity,
  sensitivityRank,
} from "@lodestar/envelope";

/**
 * A log line as it may leave this machine: every part above `ceiling` replaced by its salted
 * commitment (protocol §4), so the shipped line still hashes to the same value and the chain
 * verifies on the server. A line with nothing above the ceiling is sent byte for byte. The line
 * is checked strictly first: a tampered line is refused here, never "redacted" into a valid one.
 */
export function redactLine(text: string, ceiling: Sensitivity): string {
  if (nothingAbove(text, ceiling)) return text;
  const envelope = readEnvelopeLine(text);
  if (!hasPartAbove(envelope, ceiling)) return text;
  const redacted = redactEnvelope(envelope, ceiling);
  // The envelope was strictly parsed and redaction only swaps open parts for their commitments,
  // so the schema holds; re-encoding must reproduce the same hash, or nothing is sent.
  const encoded = encodeEnvelope(redacted);
  if (encoded.hash !== envelope.hash) {
    throw new EnvelopeError("bad-hash", "the redacted envelope does not hash like the original", {
      field: "/hash",
    });
  }
  return lineWith(encoded, envelope.hash);
}

/** `{"s":"<level>","salt":` for each level above each ceiling: how an open part of that level starts. */
const OPEN_PART_MARKERS = new Map(
  SENSITIVITIES.map((ceiling) => [
    ceiling,
    SENSITIVITIES.filter((level) => sensitivityRank(level) > sensitivityRank(ceiling)).map(
      (level) => `{"s":"${level}","salt":`,
    ),
  ]),
);

/**
 * Fast path (the shipper's hot loop; it saves a JSON.parse per line): true only for a line the
 * single-pass check accepts as a canonical, valid envelope, whose own level is within the ceiling
 * and with no open part of a higher level. In canonical text an open part's members are sorted
 * (s, salt, value), so a part of level L always reads `{"s":"L","salt":`; a marker inside a value
 * only sends the line to the slow path. Differential-tested against the strict path
 * (apps/cli/test/ship.test.ts).
 */
function nothingAbove(text: string, ceiling: Sensitivity): boolean {
  try {
    if (inspectEnvelopeLine(text) === undefined) return false;
  } catch {
    return false;
  }
  // After the body, members are pattern-bound: the last occurrence is the envelope's own.
  const at = text.lastIndexOf(',"sensitivity":"') + 16;
  const level = text.slice(at, text.indexOf('"', at)) as Sensitivity;
  if (isAboveCeiling(level, ceiling)) return false;
  for (const marker of OPEN_PART_MARKERS.get(ceiling)!) if (text.includes(marker)) return false;
  return true;
}

function hasPartAbove(envelope: Envelope, ceiling: Sensitivity): boolean {
  for (const name of Object.keys(envelope.body)) {
    const part = envelope.body[name]!;
    if (!isRedactedPart(part) && isAboveCeiling(part.s ?? envelope.sensitivity, ceiling)) return true;
  }
  return false;
}
