import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalize, JcsError, JsonParseError, parseStrict } from "../src/index.ts";
import { jsonString, jsonValue, referenceCanonicalize, runs } from "./json-arbitraries.ts";

/** Re-serializes with random indentation and reversed key order: same value, different text. */
function scramble(value: unknown, indent: number): string {
  const reversed = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(reversed);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v).reverse()) {
      Object.defineProperty(out, key, {
        value: reversed((v as Record<string, unknown>)[key]),
        enumerable: true,
      });
    }
    return out;
  };
  return JSON.stringify(reversed(value), null, indent);
}

describe("round trips", () => {
  it("parseStrict(canonicalize(x)) deep-equals x", () => {
    fc.assert(
      fc.property(jsonValue, (x) => {
        expect(parseStrict(canonicalize(x))).toEqual(x);
      }),
      { numRuns: runs },
    );
  });

  it("canonicalize is idempotent over JSON.parse", () => {
    fc.assert(
      fc.property(jsonValue, (x) => {
        const once = canonicalize(x);
        expect(canonicalize(JSON.parse(once))).toBe(once);
      }),
      { numRuns: runs },
    );
  });

  it("canonical text does not depend on formatting or key order", () => {
    fc.assert(
      fc.property(jsonValue, fc.integer({ min: 0, max: 4 }), (x, indent) => {
        expect(canonicalize(parseStrict(scramble(x, indent)))).toBe(canonicalize(x));
      }),
      { numRuns: runs },
    );
  });

  it("matches the RFC 8785 Appendix A reference algorithm", () => {
    fc.assert(
      fc.property(jsonValue, (x) => {
        expect(canonicalize(x)).toBe(referenceCanonicalize(x));
      }),
      { numRuns: runs },
    );
  });

  it("parseStrict agrees with JSON.parse on valid JSON", () => {
    fc.assert(
      fc.property(jsonValue, (x) => {
        const text = JSON.stringify(x);
        expect(parseStrict(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: runs },
    );
  });

  it("on arbitrary text, parseStrict only returns what JSON.parse returns or throws JsonParseError", () => {
    const jsonish = fc.string({ unit: fc.constantFrom(...'{}[]:,"\\ 0123456789-+.eEtrufalsn\u00e9\ud800') });
    fc.assert(
      fc.property(jsonish, (text) => {
        let strict: unknown;
        try {
          strict = parseStrict(text);
        } catch (error) {
          expect(error).toBeInstanceOf(JsonParseError);
          return;
        }
        expect(strict).toEqual(JSON.parse(text));
      }),
      { numRuns: runs * 10 },
    );
  });
});

// A poison value and the code it must produce, planted at a random position in a valid value.
const poisons = fc.constantFrom(
  { value: Number.NaN, code: "non-finite-number" },
  { value: Number.NEGATIVE_INFINITY, code: "non-finite-number" },
  { value: 2 ** 53 + 2, code: "unsafe-integer" },
  { value: -1e25, code: "unsafe-integer" },
  { value: "ok\ud800", code: "lone-surrogate" },
  { value: undefined, code: "unsupported-type" },
  { value: new Date(0), code: "unsupported-type" },
  { value: 1n, code: "unsupported-type" },
);

/** A value with `leaf` placed at a random path; returns the value and the JSON pointer of the leaf. */
const planted = (leaf: unknown) =>
  fc
    .array(
      fc.oneof(
        fc.nat({ max: 3 }),
        jsonString.filter((k) => k !== "__proto__"),
      ),
      { maxLength: 6 },
    )
    .map((segments) => {
      let value: unknown = leaf;
      for (const segment of [...segments].reverse()) {
        if (typeof segment === "number") {
          const array: unknown[] = Array.from({ length: segment }, () => null);
          array.push(value);
          value = array;
        } else {
          value = { [segment]: value };
        }
      }
      const pointer = segments
        .map((s) => `/${String(s).replaceAll("~", "~0").replaceAll("/", "~1")}`)
        .join("");
      return { value, pointer };
    });

describe("every canonicalize rejection path, anywhere in the value", () => {
  it("throws JcsError with the poison's code and exact JSON pointer", () => {
    fc.assert(
      fc.property(
        poisons.chain((poison) => planted(poison.value).map((p) => ({ ...p, code: poison.code }))),
        ({ value, pointer, code }) => {
          let error: unknown;
          try {
            canonicalize(value);
          } catch (caught) {
            error = caught;
          }
          expect(error).toBeInstanceOf(JcsError);
          expect(error).toMatchObject({ code, path: pointer });
        },
      ),
      { numRuns: runs },
    );
  });

  it("rejects exactly the values nested deeper than the limit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 300 }), (depth, maxDepth) => {
        let value: unknown = 0;
        for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
        const text = JSON.stringify(value);
        if (depth <= maxDepth) {
          expect(canonicalize(value, { maxDepth })).toBe(text);
          expect(parseStrict(text, { maxDepth })).toEqual(value);
        } else {
          expect(() => canonicalize(value, { maxDepth })).toThrow(
            expect.objectContaining({ code: "too-deep" }),
          );
          expect(() => parseStrict(text, { maxDepth })).toThrow(
            expect.objectContaining({ code: "too-deep" }),
          );
        }
      }),
      { numRuns: runs },
    );
  });
});

describe("every parseStrict rejection path, anywhere in the text", () => {
  const textPoisons = fc.constantFrom(
    { text: '{"d":1,"d":2}', code: "duplicate-key", suffix: "/d" },
    { text: '"\\udfff"', code: "lone-surrogate", suffix: "" },
    { text: "12345678901234567", code: "unsafe-integer", suffix: "" },
    { text: "-1e999", code: "non-finite-number", suffix: "" },
    { text: '"\\q"', code: "invalid-escape", suffix: "" },
    { text: "00", code: "invalid-number", suffix: "" },
    { text: '"\u0001"', code: "control-character", suffix: "" },
    { text: "nul", code: "unexpected-token", suffix: "" },
  );

  it("throws JsonParseError with the code, an offset inside the poison and its JSON pointer", () => {
    const marker = "\u{10FFFF}MARK";
    fc.assert(
      fc.property(
        textPoisons.chain((poison) => planted(marker).map((p) => ({ ...p, poison }))),
        ({ value, pointer, poison }) => {
          const carrier = JSON.stringify(value);
          const poisonAt = carrier.indexOf(JSON.stringify(marker));
          const text = carrier.replace(JSON.stringify(marker), poison.text);
          let error: unknown;
          try {
            parseStrict(text);
          } catch (caught) {
            error = caught;
          }
          expect(error).toBeInstanceOf(JsonParseError);
          const { code, path, offset } = error as JsonParseError;
          expect({ code, path }).toEqual({ code: poison.code, path: pointer + poison.suffix });
          expect(offset).toBeGreaterThanOrEqual(poisonAt);
          expect(offset).toBeLessThan(poisonAt + poison.text.length);
        },
      ),
      { numRuns: runs },
    );
  });

  it("rejects trailing garbage after any valid value", () => {
    fc.assert(
      fc.property(jsonValue, fc.constantFrom("x", "]", "}", ",1", " null", "\u00a0"), (x, junk) => {
        const text = canonicalize(x);
        expect(() => parseStrict(text + junk)).toThrow(
          expect.objectContaining({
            code: "trailing-garbage",
            offset: text.length + (junk === " null" ? 1 : 0),
          }),
        );
      }),
      { numRuns: runs },
    );
  });
});
