import { describe, expect, it } from "vitest";
import {
  canonicalBytes,
  canonicalize,
  DEFAULT_MAX_DEPTH,
  JcsError,
  type JcsErrorCode,
} from "../src/index.ts";

function rejection(value: unknown, options?: { maxDepth?: number }): { code: JcsErrorCode; path: string } {
  try {
    canonicalize(value, options);
  } catch (error) {
    expect(error).toBeInstanceOf(JcsError);
    const { code, path } = error as JcsError;
    return { code, path };
  }
  throw new Error("expected canonicalize to throw");
}

function nestedArrays(depth: number): unknown[] {
  const root: unknown[] = [];
  let current = root;
  for (let i = 1; i < depth; i++) {
    const next: unknown[] = [];
    current.push(next);
    current = next;
  }
  return root;
}

describe("canonicalize: serialization", () => {
  it("sorts keys by UTF-16 code units, not code points or locale", () => {
    // U+10000 is the surrogate pair D800 DC00, which sorts before U+FFFF in code units.
    expect(canonicalize({ "\uffff": 1, "\u{10000}": 2, b: 3, B: 4, "": 5 })).toBe(
      '{"":5,"B":4,"b":3,"\u{10000}":2,"\uffff":1}',
    );
  });

  it("escapes exactly as RFC 8785 §3.2.2.2 requires", () => {
    expect(canonicalize('\b\t\n\f\r\u0000\u001f"\\/\u007f\u2028\u00e9')).toBe(
      '"\\b\\t\\n\\f\\r\\u0000\\u001f\\"\\\\/\u007f\u2028\u00e9"',
    );
  });

  it("writes -0 as 0 and numbers per Number.prototype.toString", () => {
    expect(canonicalize([-0, 0.1, 1e-7, 123456789012, 1.5e-300])).toBe("[0,0.1,1e-7,123456789012,1.5e-300]");
  });

  it("accepts the safe-integer boundary and null-prototype objects", () => {
    const bare = Object.assign(Object.create(null) as object, {
      z: Number.MAX_SAFE_INTEGER,
      a: -Number.MAX_SAFE_INTEGER,
    });
    expect(canonicalize(bare)).toBe('{"a":-9007199254740991,"z":9007199254740991}');
  });

  it("allows the same object twice when it is not a cycle", () => {
    const shared = { x: 1 };
    expect(canonicalize([shared, { y: shared }])).toBe('[{"x":1},{"y":{"x":1}}]');
  });

  it("returns UTF-8 bytes from canonicalBytes", () => {
    expect(Array.from(canonicalBytes({ "€": "😀" }))).toEqual([
      0x7b, 0x22, 0xe2, 0x82, 0xac, 0x22, 0x3a, 0x22, 0xf0, 0x9f, 0x98, 0x80, 0x22, 0x7d,
    ]);
  });
});

describe("canonicalize: every rejection path carries a code and a JSON pointer", () => {
  it.each([
    [Number.NaN, "non-finite-number"],
    [Number.POSITIVE_INFINITY, "non-finite-number"],
    [Number.NEGATIVE_INFINITY, "non-finite-number"],
    [2 ** 53, "unsafe-integer"],
    [-(2 ** 53), "unsafe-integer"],
    [1e21, "unsafe-integer"],
    ["\ud800", "lone-surrogate"],
    ["a\udc00b", "lone-surrogate"],
    [undefined, "unsupported-type"],
    [10n, "unsupported-type"],
    [Symbol("s"), "unsupported-type"],
    [() => 1, "unsupported-type"],
    [new Date(0), "unsupported-type"],
    [new Map(), "unsupported-type"],
    [new Uint8Array(2), "unsupported-type"],
  ] as const)("%s → %s", (value, code) => {
    expect(rejection(value)).toEqual({ code, path: "" });
  });

  it("names the path of a nested offender, escaping ~ and / per RFC 6901", () => {
    expect(rejection({ a: [{ "b/c~d": [1, Number.NaN] }] })).toEqual({
      code: "non-finite-number",
      path: "/a/0/b~1c~0d/1",
    });
  });

  it("rejects an undefined property instead of silently dropping it", () => {
    expect(rejection({ keep: 1, model: undefined })).toEqual({ code: "unsupported-type", path: "/model" });
  });

  it("rejects a lone surrogate in a key", () => {
    expect(rejection({ "\udead": 1 }).code).toBe("lone-surrogate");
  });

  it("rejects class instances", () => {
    class Point {
      x = 1;
    }
    expect(rejection({ p: new Point() })).toEqual({ code: "unsupported-type", path: "/p" });
  });

  it("rejects a cycle with the path where it closes", () => {
    const loop: Record<string, unknown> = { a: [1] };
    (loop.a as unknown[]).push(loop);
    expect(rejection(loop)).toEqual({ code: "cycle", path: "/a/1" });
  });

  it(`accepts ${DEFAULT_MAX_DEPTH} levels of nesting and rejects one more`, () => {
    expect(canonicalize(nestedArrays(DEFAULT_MAX_DEPTH))).toHaveLength(2 * DEFAULT_MAX_DEPTH);
    expect(rejection(nestedArrays(DEFAULT_MAX_DEPTH + 1)).code).toBe("too-deep");
  });

  it("rejects 10,000-deep input with a typed error, not a stack overflow", () => {
    const deep = rejection(nestedArrays(10_000));
    expect(deep.code).toBe("too-deep");
  });

  it("honours a custom depth limit and validates it", () => {
    expect(rejection({ a: { b: 1 } }, { maxDepth: 1 })).toEqual({ code: "too-deep", path: "/a" });
    expect(rejection(1, { maxDepth: 0 }).code).toBe("invalid-option");
    expect(rejection(1, { maxDepth: 1e6 }).code).toBe("invalid-option");
  });

  it("still works after a rejected call (no leaked cycle-detection state)", () => {
    const shared = { x: 1 };
    expect(rejection([shared, Number.NaN]).code).toBe("non-finite-number");
    expect(canonicalize([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });

  it("serializes correctly past the member-name cache bound and never caches a rejection", () => {
    const many: Record<string, number> = {};
    for (let i = 0; i < 5000; i++) many[`k${i}`] = i;
    const text = canonicalize(many);
    expect(JSON.parse(text)).toEqual(many);
    expect(canonicalize(many)).toBe(text);
    for (let round = 0; round < 2; round++)
      expect(rejection({ ok: 1, "\ud800": 2 })).toEqual({ code: "lone-surrogate", path: "/\ud800" });
  });

  it("keeps its error message readable", () => {
    expect(() => canonicalize({ n: Number.NaN })).toThrow("NaN is not a JSON number at /n");
  });
});
