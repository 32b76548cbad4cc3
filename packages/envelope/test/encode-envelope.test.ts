import { createHash } from "node:crypto";
import { DOMAINS, domainHash } from "@lodestar/crypto";
import { canonicalize } from "@lodestar/jcs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createEnvelopeLine,
  type Envelope,
  envelopeHash,
  isRedactedPart,
  parseEnvelopeLine,
  parseEnvelopeValue,
  partCommitment,
  redactEnvelope,
  SENSITIVITIES,
  serializeEnvelope,
} from "../src/index.ts";
import { envelopeInput, propertyTimeout, runs } from "./arbitraries.ts";

/** The preimage object built the slow, obvious way: the contract's definition, not the encoder's. */
function preimageObject(envelope: Envelope): Record<string, unknown> {
  const { hash: _hash, body, ...rest } = envelope;
  const committed: Record<string, unknown> = {};
  for (const [name, part] of Object.entries(body)) {
    const c = isRedactedPart(part) ? part.redacted : partCommitment(part.salt, part.value);
    committed[name] = part.s === undefined ? { c } : { c, s: part.s };
  }
  return { ...rest, body: committed };
}

describe("envelope encoding", () => {
  it(
    "writes exactly the RFC 8785 text of the envelope, and hashes the contract's preimage",
    () => {
      fc.assert(
        fc.property(envelopeInput, (input) => {
          const { envelope, line } = createEnvelopeLine(input);
          expect(line).toBe(canonicalize(envelope));
          expect(envelope.hash).toBe(domainHash(DOMAINS.envelope, preimageObject(envelope)));
          const independent = createHash("sha256")
            .update(`lodestar.envelope.v1\n${canonicalize(preimageObject(envelope))}`, "utf8")
            .digest("hex");
          expect(envelope.hash).toBe(independent);
        }),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );

  it(
    "parses its own lines back to an equal envelope",
    () => {
      fc.assert(
        fc.property(envelopeInput, (input) => {
          const { envelope, line } = createEnvelopeLine(input);
          const parsed = parseEnvelopeLine(line);
          expect(parsed).toEqual(JSON.parse(line));
          expect(parsed.hash).toBe(envelope.hash);
          expect(serializeEnvelope(parsed)).toBe(line);
          expect(parseEnvelopeValue(JSON.parse(line)).hash).toBe(envelope.hash);
          expect(envelopeHash(parsed)).toBe(envelope.hash);
        }),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );

  it(
    "keeps the hash under redaction to every ceiling, and the redacted line parses",
    () => {
      fc.assert(
        fc.property(envelopeInput, fc.constantFrom(...SENSITIVITIES), (input, ceiling) => {
          const { envelope } = createEnvelopeLine(input);
          const redacted = redactEnvelope(envelope, ceiling);
          const line = serializeEnvelope(redacted);
          expect(line).toBe(canonicalize(redacted));
          expect(parseEnvelopeLine(line).hash).toBe(envelope.hash);
          // Redacting again (or to a higher ceiling) changes nothing already hidden.
          expect(redactEnvelope(redacted, ceiling)).toEqual(redacted);
        }),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );
});
