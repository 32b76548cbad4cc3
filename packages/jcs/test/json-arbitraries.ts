import fc from "fast-check";

/** Iterations per property: quick by default, thorough with LODESTAR_SLOW set. */
export const runs = process.env.LODESTAR_SLOW ? 10_000 : 300;

/** Strings over all Unicode scalar values (never lone surrogates), mixing in the escape-worthy ones. */
export const jsonString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom("\u0000", "\u001f", '"', "\\", "\n", "\u2028", "€", "😀", "a"),
    maxLength: 6,
  }),
);

/** Numbers that have a canonical form: finite, and integers only inside ±(2^53 - 1); -0 reads back as 0. */
export const jsonNumber = fc.oneof(
  fc.maxSafeInteger(),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((n) => !Number.isInteger(n) || Number.isSafeInteger(n))
    .map((n) => (Object.is(n, -0) ? 0 : n)),
);

/** Any JSON value this package must accept, with bounded nesting. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    jsonNumber,
    jsonString,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(jsonString, tie("value"), { maxKeys: 5 }),
  ),
})).value;

/** The RFC 8785 Appendix A reference algorithm: an independent oracle for canonicalize. */
export function referenceCanonicalize(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalize).join(",")}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${referenceCanonicalize(record[key])}`);
  return `{${members.join(",")}}`;
}
