import { describe, expect, it } from "vitest";
import { canonicalBytes, canonicalize, JcsError, parseStrict } from "../src/index.ts";
import { readVector } from "./read-vector.ts";

// Every input/output pair in cyberphone/json-canonicalization testdata (see vectors/README.md).
const PAIRS = ["french", "simpleString", "structures", "unicode", "weird"] as const;

describe("cyberphone/json-canonicalization testdata", () => {
  for (const name of PAIRS) {
    it(`${name}.json canonicalizes to the reference output, byte for byte`, () => {
      const input = readVector(`cyberphone/input/${name}.json`);
      const expected = readVector(`cyberphone/output/${name}.json`);
      expect(canonicalize(parseStrict(input))).toBe(expected);
      expect(Buffer.from(canonicalBytes(parseStrict(input))).equals(Buffer.from(expected, "utf8"))).toBe(
        true,
      );
    });
  }

  it("simpleString matches the reference outhex bytes", () => {
    // testdata/outhex/simpleString.txt, copied inline (28 bytes).
    const outhex = "22 74 68 69 73 20 69 73 20 61 20 74 65 73 74 20 73 74 72 69 6E 67 20 31 32 33 35 22";
    const bytes = canonicalBytes(parseStrict(readVector("cyberphone/input/simpleString.json")));
    expect(Buffer.from(bytes).toString("hex").toUpperCase()).toBe(outhex.replaceAll(" ", ""));
  });

  it("arrays.json canonicalizes to the hand-derived output (upstream output not available offline)", () => {
    const input = readVector("cyberphone/input/arrays.json");
    expect(canonicalize(parseStrict(input))).toBe(readVector("cyberphone/output/arrays.derived.json"));
  });

  it("values.json is rejected in strict mode: 1E30 is an integer beyond 2^53", () => {
    const input = readVector("cyberphone/input/values.json");
    expect(() => parseStrict(input)).toThrow(
      expect.objectContaining({ code: "unsafe-integer", path: "/numbers/0" }),
    );
    let error: unknown;
    try {
      canonicalize(JSON.parse(input));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(JcsError);
    expect(error).toMatchObject({ code: "unsafe-integer", path: "/numbers/0" });
  });

  it("values.json matches the reference output once the unsafe integer is removed", () => {
    // Derived: drop numbers[0] (1E30) from the input and "1e+30," from the reference output.
    const value = JSON.parse(readVector("cyberphone/input/values.json")) as { numbers: number[] };
    value.numbers.shift();
    const expected = readVector("cyberphone/output/values.json").replace("1e+30,", "");
    expect(canonicalize(value)).toBe(expected);
  });
});
