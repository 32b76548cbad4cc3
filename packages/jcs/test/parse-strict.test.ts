import { describe, expect, it } from "vitest";
import { JsonParseError, type JsonParseErrorCode, parseStrict } from "../src/index.ts";

function rejection(
  text: string,
  options?: { maxDepth?: number },
): { code: JsonParseErrorCode; offset: number; path: string } {
  try {
    parseStrict(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonParseError);
    const { code, offset, path } = error as JsonParseError;
    return { code, offset, path };
  }
  throw new Error(`expected parseStrict to reject ${JSON.stringify(text.slice(0, 40))}`);
}

describe("parseStrict: accepts RFC 8259 JSON", () => {
  it("parses every value kind, escapes and whitespace", () => {
    expect(
      parseStrict(' \t\r\n{"a":[1,-2.5e3,0,true,false,null],"s":"\\u00e9\\ud83d\\ude00\\n\\/"} '),
    ).toEqual({
      a: [1, -2500, 0, true, false, null],
      s: "é😀\n/",
    });
  });

  it("keeps __proto__ as data, never as the prototype", () => {
    const value = parseStrict('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("accepts exactly the safe-integer range", () => {
    expect(parseStrict("9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseStrict("-9007199254740991")).toBe(-Number.MAX_SAFE_INTEGER);
  });
});

describe("parseStrict: every rejection path has a code, offset and JSON pointer", () => {
  it.each([
    ['{"a":1,"a":2}', "duplicate-key", 7, "/a"],
    ['{"x":{"b":1,"c":[0,{"k":1,"k":2}]}}', "duplicate-key", 26, "/x/c/1/k"],
    ['"\\ud800"', "lone-surrogate", 0, ""],
    ['["ok","\\udc00x"]', "lone-surrogate", 6, "/1"],
    ["9007199254740992", "unsafe-integer", 0, ""],
    ['{"n":[1,-12345678901234567890]}', "unsafe-integer", 8, "/n/1"],
    ["1e21", "unsafe-integer", 0, ""],
    ["1e400", "non-finite-number", 0, ""],
    ["[1,2] x", "trailing-garbage", 6, ""],
    ["{} {}", "trailing-garbage", 3, ""],
    ["[1,]", "unexpected-token", 3, "/1"],
    ["[1 2]", "unexpected-token", 3, "/0"],
    ['{"a" 1}', "unexpected-token", 5, ""],
    ["{a:1}", "unexpected-token", 1, ""],
    ["NaN", "unexpected-token", 0, ""],
    ["tru", "unexpected-token", 0, ""],
    ["\ufeff{}", "unexpected-token", 0, ""],
    ["", "unexpected-end", 0, ""],
    ['{"a":', "unexpected-end", 5, "/a"],
    ['"abc', "unexpected-end", 0, ""],
    ["[", "unexpected-end", 1, "/0"],
    ["-", "invalid-number", 0, ""],
    ["01", "invalid-number", 0, ""],
    ["1e", "invalid-number", 0, ""],
    ["[1.5.2]", "invalid-number", 1, "/0"],
    ["1.", "invalid-number", 0, ""],
    ['"\\x"', "invalid-escape", 1, ""],
    ['"\\u12g4"', "invalid-escape", 1, ""],
    ['"a\tb"', "control-character", 2, ""],
  ] as const)("%s → %s", (text, code, offset, path) => {
    expect(rejection(text)).toEqual({ code, offset, path });
  });

  it("rejects nesting beyond 128 by default", () => {
    expect(parseStrict("[".repeat(128) + "]".repeat(128))).toBeInstanceOf(Array);
    const tooDeep = rejection("[".repeat(129) + "]".repeat(129));
    expect(tooDeep.code).toBe("too-deep");
    expect(tooDeep.offset).toBe(128);
  });

  it("rejects 10,000-deep input cleanly (no RangeError)", () => {
    expect(rejection("[".repeat(10_000)).code).toBe("too-deep");
    expect(rejection('{"a":'.repeat(10_000)).code).toBe("too-deep");
  });

  it("honours and validates maxDepth", () => {
    expect(rejection('{"a":{"b":1}}', { maxDepth: 1 })).toMatchObject({ code: "too-deep", path: "/a" });
    expect(rejection("1", { maxDepth: -1 }).code).toBe("invalid-option");
    expect(rejection("1", { maxDepth: 1.5 }).code).toBe("invalid-option");
  });

  it("escapes pointer segments per RFC 6901", () => {
    expect(rejection('{"a/b":{"~":[x]}}').path).toBe("/a~1b/~0/0");
  });
});
