import { canonicalize } from "@lodestar/jcs";
import fc from "fast-check";
import {
  createEnvelopeLine,
  ENVELOPE_ID_PATTERN,
  ENVELOPE_KINDS,
  type EnvelopeInput,
  type PartInput,
  SENSITIVITIES,
  type Sensitivity,
} from "../src/index.ts";

/** Property-test budget: a few hundred locally, 10,000 under LODESTAR_SLOW (ADR 0005). */
export const runs = process.env["LODESTAR_SLOW"] ? 10_000 : 200;

/** Per-test time limit that grows with the property budget. */
export const propertyTimeout = process.env["LODESTAR_SLOW"] ? 600_000 : 30_000;

const hasCanonicalForm = (value: unknown): boolean => {
  try {
    canonicalize(value);
    return true;
  } catch {
    return false;
  }
};

/** JSON values with a canonical form, including non-ASCII, escapes and integer-like keys. */
export const jsonValue: fc.Arbitrary<unknown> = fc
  .oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.jsonValue({ maxDepth: 2, stringUnit: "grapheme" }),
    fc.dictionary(fc.constantFrom("10", "9", "b", "a\u0000", "é", "😀", "\u007f"), fc.string(), {
      maxKeys: 5,
    }),
  )
  .filter(hasCanonicalForm);

export const sensitivity: fc.Arbitrary<Sensitivity> = fc.constantFrom(...SENSITIVITIES);

export const envelopeId: fc.Arbitrary<string> = fc.stringMatching(ENVELOPE_ID_PATTERN);

export const hex64: fc.Arbitrary<string> = fc.stringMatching(/^[0-9a-f]{64}$/);

const partName = fc.stringMatching(/^[a-z][A-Za-z0-9_.-]{0,10}$/);

const partInput: fc.Arbitrary<PartInput> = fc.record(
  { value: jsonValue, s: sensitivity },
  { requiredKeys: ["value"] },
);

const actorText = fc.string({ minLength: 1, maxLength: 20, unit: "grapheme" });

/** A valid EnvelopeInput (random salts and id are drawn by createEnvelope). */
export const envelopeInput: fc.Arbitrary<EnvelopeInput> = fc.record({
  session: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}$/),
  seq: fc.oneof(fc.nat(1000), fc.constant(Number.MAX_SAFE_INTEGER)),
  prev: hex64,
  kind: fc.constantFrom(...ENVELOPE_KINDS),
  actor: fc.record({ agent: actorText, model: actorText, operator: actorText }, { requiredKeys: ["agent"] }),
  parents: fc.array(envelopeId, { maxLength: 3 }),
  sensitivity,
  body: fc.dictionary(partName, partInput, { maxKeys: 4 }),
});

/**
 * A valid envelope's line with 1–3 edits: random bytes, or tokens that break canonical form in
 * ways a fast path could miss (escapes, whitespace, non-canonical numbers, lone surrogates,
 * structure, a "__proto__" member).
 */
export const mutatedLine: fc.Arbitrary<string> = fc
  .tuple(
    envelopeInput,
    fc.array(
      fc.oneof(
        fc.record({ at: fc.nat(), insert: fc.string({ maxLength: 3, unit: "binary" }), remove: fc.nat(3) }),
        fc.record({
          at: fc.nat(),
          insert: fc.constantFrom(
            "\\",
            '"',
            "\\u0000",
            "\\/",
            " ",
            "-0",
            "1.0",
            "\u0001",
            "\ud800",
            "}",
            "]",
            ",",
            '"__proto__":1,',
          ),
          remove: fc.nat(2),
        }),
      ),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([input, edits]) => {
    let line = createEnvelopeLine(input).line;
    for (const { at, insert, remove } of edits) {
      const i = at % (line.length + 1);
      line = line.slice(0, i) + insert + line.slice(i + remove);
    }
    return line;
  });
