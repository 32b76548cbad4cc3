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
import { envelopeInput, propertyTimeout, runs } from "./arbitraries.ts";

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
      const edit = fc.record({
        at: fc.nat(),
        insert: fc.oneof(
          fc.string({ maxLength: 3, unit: "binary" }),
          fc.constantFrom("\\", '"', "\\u0000", " ", "-0", "1.0", "\ud800", "}", ",", '"__proto__":1,'),
        ),
        remove: fc.nat(3),
      });
      fc.assert(
        fc.property(envelopeInput, fc.array(edit, { minLength: 1, maxLength: 3 }), (input, edits) => {
          let line = createEnvelopeLine(input).line;
          for (const { at, insert, remove } of edits) {
            const i = at % (line.length + 1);
            line = line.slice(0, i) + insert + line.slice(i + remove);
          }
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
