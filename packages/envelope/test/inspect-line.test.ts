import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  commitmentOf,
  createEnvelopeLine,
  genesisHash,
  hashOfPreimage,
  inspectEnvelopeLine,
  parseEnvelopeLine,
  redactEnvelope,
  SENSITIVITIES,
  serializeEnvelope,
} from "../src/index.ts";
import { envelopeInput, mutatedLine, propertyTimeout, runs } from "./arbitraries.ts";

/** The strict parser's verdict, as comparable data. */
function strict(line: string) {
  try {
    const { id, session, seq, kind, parents, prev, hash } = parseEnvelopeLine(line);
    return { id, session, seq, kind, parents, prev, hash };
  } catch {
    return undefined;
  }
}

describe("inspectEnvelopeLine (the verify fast path)", () => {
  it(
    "accepts every valid line, redacted or not, with the strict parser's header",
    () => {
      fc.assert(
        fc.property(envelopeInput, fc.constantFrom(...SENSITIVITIES), (input, ceiling) => {
          const { envelope, line } = createEnvelopeLine(input);
          const { id, session, seq, kind, parents, prev, hash } = envelope;
          expect(inspectEnvelopeLine(line)).toEqual({ id, session, seq, kind, parents, prev, hash });
          const redacted = serializeEnvelope(redactEnvelope(envelope, ceiling));
          expect(inspectEnvelopeLine(redacted)).toEqual({ id, session, seq, kind, parents, prev, hash });
        }),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );

  it(
    "never accepts a mutated line the strict parser rejects",
    () => {
      fc.assert(
        fc.property(mutatedLine, (line) => {
          const fast = inspectEnvelopeLine(line);
          // Sound: whatever the fast path accepts, the strict parser accepts with the same header.
          if (fast !== undefined) expect(strict(line)).toEqual(fast);
        }),
        { numRuns: runs * 5 },
      );
    },
    propertyTimeout,
  );

  // Lines whose value text is not canonical but whose hash is computed over that very text, the way
  // the fast path computes it: only the canonical check can reject them, and both paths must.
  const forged = (valueText: string): string => {
    const salt = "AQEBAQEBAQEBAQEBAQEBAQ";
    const session = "ses_forge";
    const rest = `,"id":"ev_06H0000000AAAAAAAAAAAAAAAAAAAAAAAAAA","kind":"observation","parents":[],"prev":"${genesisHash(session)}","sensitivity":"internal","seq":0,"session":"${session}","ts":"2026-11-21T10:00:00.000Z","v":1}`;
    const head = '{"actor":{"agent":"a"},"body":';
    const committed = `{"p":{"c":"${commitmentOf(salt, valueText)}"}}`;
    const hash = hashOfPreimage(`${head}${committed}${rest}`);
    return `${head}{"p":{"salt":"${salt}","value":${valueText}}},"hash":"${hash}"${rest}`;
  };

  it("accepts the forging helper's output for a canonical value (the helper is faithful)", () => {
    const line = forged('{"a":[1,"x\\n",true,null,1.5e-7]}');
    expect(inspectEnvelopeLine(line)).toBeDefined();
    expect(strict(line)).toBeDefined();
  });

  it.each([
    ["whitespace", '{"a": 1}'],
    ["unsorted keys", '{"b":1,"a":2}'],
    ["duplicate keys", '{"a":1,"a":1}'],
    ["integer-like keys in JS order", '{"9":1,"10":2}'],
    ["escaped slash", '"a\\/b"'],
    ["escaped printable", '"\\u0041"'],
    ["uppercase unicode escape", '"\\u001F"'],
    ["long form of a short escape", '"\\u000a"'],
    ["escaped lone surrogate", '"\\ud800"'],
    ["raw lone surrogate", '"\ud800"'],
    ["raw control character", '"a\u0001b"'],
    ["raw tab", '"a\tb"'],
    ["number 1.0", "1.0"],
    ["number 1e0", "1e0"],
    ["number 1E+21", "1E+21"],
    ["unsafe integer 1e+21", "1e+21"],
    ["unsafe integer 2^53", "9007199254740992"],
    ["negative zero", "-0"],
    ["leading zero", "01"],
    ["plus sign", "+1"],
    ["overflow", "1e400"],
    ["trailing comma", "[1,]"],
    ["bare word", "nul"],
    ["nesting 129 deep", `${"[".repeat(129)}${"]".repeat(129)}`],
    ["unterminated string", '"abc'],
  ])("rejects a hash-consistent line whose value has %s", (_name, text) => {
    const line = forged(text);
    expect(inspectEnvelopeLine(line)).toBeUndefined();
    expect(strict(line)).toBeUndefined();
  });

  it("rejects, without throwing, raw control characters next to escapes (actor and keys)", () => {
    const line = createEnvelopeLine({
      session: "ses_x",
      seq: 0,
      prev: genesisHash("ses_x"),
      kind: "observation",
      actor: { agent: 'a"b' },
      sensitivity: "public",
      body: { p: { value: { 'k"': 1 } } },
    }).line;
    for (const broken of [line.replace('a\\"b', 'a\\"\u0000b'), line.replace('k\\"', 'k\\"\u0001')]) {
      expect(broken).not.toBe(line);
      expect(() => inspectEnvelopeLine(broken)).not.toThrow();
      expect(inspectEnvelopeLine(broken)).toBeUndefined();
      expect(strict(broken)).toBeUndefined();
    }
  });

  it("accepts nesting of exactly 128, like canonicalize", () => {
    const line = forged(`${"[".repeat(128)}${"]".repeat(128)}`);
    expect(inspectEnvelopeLine(line)).toBeDefined();
    expect(strict(line)).toBeDefined();
  });
});
