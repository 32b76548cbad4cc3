import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commitmentAt } from "../src/hashing.ts";
import { commitmentOf, SALT_PATTERN } from "../src/index.ts";
import { runs } from "./arbitraries.ts";

/** The definition: sha256("lodestar.part.v1\n" ‖ base64url-decoded salt ‖ UTF-8(value)). */
function reference(salt: string, value: string): string {
  return createHash("sha256")
    .update("lodestar.part.v1\n")
    .update(Buffer.from(salt, "base64url"))
    .update(value, "utf8")
    .digest("hex");
}

const saltText = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((bytes) => Buffer.from(bytes).toString("base64url"));
const base64urlChar = fc.constantFrom(
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/="é'.split(""),
);

describe("salt decoding in commitments", () => {
  it("commitmentOf matches the definition for every canonical salt", () => {
    fc.assert(
      fc.property(saltText, fc.string(), (salt, value) => {
        expect(commitmentOf(salt, value)).toBe(reference(salt, value));
      }),
      { numRuns: runs },
    );
  });

  it("commitmentAt accepts exactly the salts SALT_PATTERN accepts, with the same commitment", () => {
    fc.assert(
      fc.property(fc.array(base64urlChar, { minLength: 22, maxLength: 22 }), (chars) => {
        const salt = chars.join("");
        const got = commitmentAt(`x"${salt}"`, 2, '"v"');
        if (SALT_PATTERN.test(salt)) expect(got).toBe(reference(salt, '"v"'));
        else expect(got).toBeUndefined();
      }),
      { numRuns: runs * 10 },
    );
  });

  it("commitmentAt wants the closing quote right after the salt", () => {
    expect(commitmentAt('"AAAAAAAAAAAAAAAAAAAAAAA"', 1, "1")).toBeUndefined();
    expect(commitmentAt('"AAAAAAAAAAAAAAAAAAAAA', 1, "1")).toBeUndefined();
  });

  it("commitmentOf keeps Buffer's permissive decoding for other salt texts", () => {
    // 23 characters, one of them foreign: Buffer skips it and still finds 16 bytes.
    const salt = "AAAAAAAAAAA.AAAAAAAAAAA";
    expect(commitmentOf(salt, "1")).toBe(reference(salt, "1"));
    expect(() => commitmentOf("AAAA", "1")).toThrow(RangeError);
  });
});
