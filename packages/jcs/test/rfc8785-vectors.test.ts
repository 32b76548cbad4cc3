import { describe, expect, it } from "vitest";
import { canonicalBytes, canonicalize, JcsError, parseStrict } from "../src/index.ts";
import { doubleFromHex, readVector } from "./read-vector.ts";

interface Rfc8785Vectors {
  section_3_2_2_input: string;
  section_3_2_3_canonical: string;
  section_3_2_4_utf8_hex: string;
  section_3_2_3_sorting_input: string;
  section_3_2_3_sorting_expected_values: string[];
  appendix_b_table_1: { ieee754: string; json: string | null; comment: string }[];
}

const rfc = JSON.parse(readVector("rfc8785.json")) as Rfc8785Vectors;
const es6 = JSON.parse(readVector("es6-number-samples.json")) as { lines: string[] };

function expectJcsError(fn: () => unknown, code: string, path: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JcsError);
    expect((error as JcsError).code).toBe(code);
    expect((error as JcsError).path).toBe(path);
    return;
  }
  expect.unreachable(`expected JcsError ${code}`);
}

describe("RFC 8785 §3.2 worked example", () => {
  it("rejects the verbatim sample because 1E30 is an integer beyond 2^53 (strict mode)", () => {
    expectJcsError(() => canonicalize(JSON.parse(rfc.section_3_2_2_input)), "unsafe-integer", "/numbers/1");
  });

  it("produces the RFC's canonical text and UTF-8 bytes once the unsafe integer is removed", () => {
    // Derived vector: drop the 1E30 element from the input and "1e+30," from the RFC's output.
    const input = JSON.parse(rfc.section_3_2_2_input) as { numbers: number[] };
    input.numbers.splice(1, 1);
    const expected = rfc.section_3_2_3_canonical.replace("1e+30,", "");
    expect(canonicalize(input)).toBe(expected);
    const rfcBytes = Uint8Array.from(rfc.section_3_2_4_utf8_hex.split(" "), (h) => Number.parseInt(h, 16));
    const withoutBigInt = new TextEncoder().encode(new TextDecoder().decode(rfcBytes).replace("1e+30,", ""));
    expect(canonicalBytes(input)).toEqual(withoutBigInt);
  });

  it("parses the RFC sample strictly only when the unsafe integer is absent", () => {
    expect(() => parseStrict(rfc.section_3_2_2_input)).toThrow(/2\^53/);
  });
});

describe("RFC 8785 §3.2.3 property sorting", () => {
  it("orders properties by UTF-16 code units", () => {
    const canonical = canonicalize(parseStrict(rfc.section_3_2_3_sorting_input));
    // Read values in text order (an object would move the integer-like key "1" first).
    const values = [...canonical.matchAll(/:"([^"]*)"/g)].map((match) => match[1]);
    expect(values).toEqual(rfc.section_3_2_3_sorting_expected_values);
    expect(canonical.startsWith('{"\\r":"Carriage Return","1":"One"')).toBe(true);
  });
});

describe("RFC 8785 Appendix B number samples", () => {
  for (const row of rfc.appendix_b_table_1) {
    const value = doubleFromHex(row.ieee754);
    const label = `${row.ieee754} ${row.comment}`.trim();
    if (row.json === null) {
      it(`${label}: non-finite values are rejected`, () => {
        expectJcsError(() => canonicalize(value), "non-finite-number", "");
      });
    } else if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      it(`${label}: integer beyond 2^53 is rejected, yet formats as ${row.json}`, () => {
        expectJcsError(() => canonicalize([value]), "unsafe-integer", "/0");
        expect(String(value)).toBe(row.json);
      });
    } else {
      it(`${label}: serializes as ${row.json}`, () => {
        expect(canonicalize(value)).toBe(row.json);
        expect(parseStrict(row.json!)).toBe(value === 0 ? 0 : value);
      });
    }
  }
});

describe("cyberphone es6testfile100m sample lines", () => {
  for (const line of es6.lines) {
    const [hex, expected] = line.split(",") as [string, string];
    const value = doubleFromHex(hex.padStart(16, "0"));
    it(line, () => {
      expect(String(value)).toBe(expected);
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        expectJcsError(() => canonicalize(value), "unsafe-integer", "");
      } else {
        expect(canonicalize(value)).toBe(expected);
      }
    });
  }
});
