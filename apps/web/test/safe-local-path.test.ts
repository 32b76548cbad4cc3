import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeLocalPath } from "../src/server/auth/safe-local-path.ts";

describe("safeLocalPath (sign-in's callbackUrl: no open redirect)", () => {
  it("keeps local paths", () => {
    for (const path of ["/", "/o/acme/projects", "/invite/mi_abc?x=1#y"])
      expect(safeLocalPath(path)).toBe(path);
  });

  it("refuses every way out of the site", () => {
    for (const path of [
      null,
      undefined,
      "",
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "javascript:alert(1)",
      "o/acme",
    ]) {
      expect(safeLocalPath(path)).toBe("/");
    }
  });

  it("whatever it returns resolves to this origin (property, seeded)", () => {
    const seed = 20261202;
    console.log(`safeLocalPath property: fast-check seed ${seed}`);
    const base = "http://localhost:3000";
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `/${s}`),
          fc.string().map((s) => `//${s}`),
          fc
            .constantFrom("/", "\\", "/\\", "\t", "\n", "http:", "//")
            .chain((p) => fc.string().map((s) => p + s)),
        ),
        (input) => {
          const out = safeLocalPath(input);
          expect(out.startsWith("/")).toBe(true);
          expect(new URL(out, base).origin).toBe(base);
        },
      ),
      { seed, numRuns: 2000 },
    );
  });
});
