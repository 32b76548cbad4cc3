import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { compileGlob } from "../src/glob.ts";
import { propertyTimeout, runs } from "./helpers.ts";

// The hot-path matcher (literal compare, base-directory prefilter, bare regex) must agree with
// picomatch itself: a divergence would make a deny rule silently miss.
describe("compileGlob agrees with picomatch", () => {
  const seg = fc.constantFrom(
    "src",
    "pkg3",
    "pkg30",
    "a",
    "b",
    ".env",
    ".git",
    "x.ts",
    "Main",
    "main",
    "release",
    "*",
    "**",
    "*.ts",
    "{a,b}",
    "[ab]",
    "?",
  );
  const valueSeg = fc.constantFrom(
    "src",
    "pkg3",
    "pkg30",
    "a",
    "b",
    ".env",
    ".git",
    "x.ts",
    "Main",
    "main",
    "release",
    "c.md",
    "",
  );
  const pattern = fc.array(seg, { minLength: 1, maxLength: 4 }).map((s) => s.join("/"));
  const value = fc.array(valueSeg, { minLength: 1, maxLength: 5 }).map((s) => s.join("/"));

  it(
    "for random patterns and paths, case-sensitive and not",
    () => {
      fc.assert(
        fc.property(pattern, value, fc.boolean(), (p, v, nocase) => {
          const reference = picomatch(p, { dot: true, strictBrackets: true, nocase });
          expect(compileGlob(p, { nocase })(v)).toBe(reference(v));
        }),
        { numRuns: runs * 3 },
      );
    },
    propertyTimeout,
  );

  it("literal patterns are exact (and case-folded only when asked)", () => {
    expect(compileGlob("main")("main")).toBe(true);
    expect(compileGlob("main")("MAIN")).toBe(false);
    expect(compileGlob("main", { nocase: true })("MAIN")).toBe(true);
    expect(compileGlob("src/**")("src")).toBe(true);
    expect(compileGlob("src/**")("srcx/a")).toBe(false);
    expect(compileGlob("src/**")("src/.env")).toBe(true);
  });
});
