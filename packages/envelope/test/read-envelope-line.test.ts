import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createEnvelopeLine,
  parseEnvelopeLine,
  readEnvelopeLine,
  redactEnvelope,
  SENSITIVITIES,
  serializeEnvelope,
} from "../src/index.ts";
import { envelopeInput, mutatedLine, propertyTimeout, runs } from "./arbitraries.ts";

/** The outcome of a parser as data: the envelope, or the error's code. */
function outcome(parse: (line: string) => unknown, line: string): unknown {
  try {
    return { value: parse(line) };
  } catch (error) {
    return { code: (error as { code?: unknown }).code, name: (error as Error).name };
  }
}

describe("readEnvelopeLine (the log reader's fast path)", () => {
  it(
    "returns what parseEnvelopeLine returns for every valid line, redacted or not",
    () => {
      fc.assert(
        fc.property(envelopeInput, fc.constantFrom(...SENSITIVITIES), (input, ceiling) => {
          const { envelope, line } = createEnvelopeLine(input);
          expect(readEnvelopeLine(line)).toEqual(parseEnvelopeLine(line));
          const redacted = serializeEnvelope(redactEnvelope(envelope, ceiling));
          expect(readEnvelopeLine(redacted)).toEqual(parseEnvelopeLine(redacted));
        }),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );

  it(
    "accepts and rejects exactly what parseEnvelopeLine does on mutated lines, with the same code",
    () => {
      fc.assert(
        fc.property(mutatedLine, (line) => {
          expect(outcome(readEnvelopeLine, line)).toEqual(outcome(parseEnvelopeLine, line));
        }),
        { numRuns: runs * 5 },
      );
    },
    propertyTimeout,
  );

  it("keeps a __proto__ key inside a value as an own property, like the strict parser", () => {
    const { line } = createEnvelopeLine({
      session: "ses_proto",
      seq: 0,
      prev: "0".repeat(64),
      kind: "observation",
      actor: { agent: "a" },
      sensitivity: "internal",
      body: { p: { value: JSON.parse('{"__proto__":{"polluted":true}}') as unknown } },
    });
    const read = readEnvelopeLine(line);
    const value = read.body["p"] as { value: Record<string, unknown> };
    expect(Object.getPrototypeOf(value.value)).toBe(Object.prototype);
    expect(Object.hasOwn(value.value, "__proto__")).toBe(true);
    expect(read).toEqual(parseEnvelopeLine(line));
  });
});
