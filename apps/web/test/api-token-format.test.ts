import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateApiToken, hashApiToken, parseApiToken } from "../src/server/tokens/api-token-format.ts";

const tenantId = "0b6c6a4e-3f1d-4c55-9a43-2d8e7f1a9b10";

describe("API token format", () => {
  it("round-trips: mn_<tenant hex>_<43 base64url>, the tenant read back, the hash of the whole string", () => {
    const { token, hash } = generateApiToken(tenantId);
    expect(token).toMatch(/^mn_0b6c6a4e3f1d4c559a432d8e7f1a9b10_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiToken(token)!;
    expect(parsed.tenantId).toBe(tenantId);
    expect(parsed.hash.equals(hash)).toBe(true);
    expect(hashApiToken(token).equals(hash)).toBe(true);
    expect(generateApiToken(tenantId).token).not.toBe(token);
  });

  it("rejects every edit of a valid token that is not itself a well-formed token", () => {
    const { token } = generateApiToken(tenantId);
    fc.assert(
      fc.property(fc.nat(token.length), fc.string({ maxLength: 2 }), fc.nat(2), (at, insert, remove) => {
        const edited = token.slice(0, at) + insert + token.slice(at + remove);
        const parsed = parseApiToken(edited);
        if (edited === token) return;
        // Accepted only if it still has the exact shape (a different secret or tenant): then its
        // hash differs, so it can never find the original token's row.
        if (parsed !== undefined) {
          expect(edited).toMatch(/^mn_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
          expect(parsed.hash.equals(hashApiToken(token))).toBe(false);
        }
      }),
      { numRuns: 500, seed: 20261202 },
    );
  });

  it("refuses non-canonical secrets, upper-case tenant hex, padding and whitespace", () => {
    const { token } = generateApiToken(tenantId);
    const secret = token.slice(-43);
    // The last base64url character of 32 bytes carries 2 unused bits: a set bit is another spelling.
    const last = secret.at(-1)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const twin = alphabet[alphabet.indexOf(last) ^ 1]!;
    expect(parseApiToken(`${token.slice(0, -1)}${twin}`)).toBeUndefined();
    expect(parseApiToken(token.toUpperCase().replace(/^MN_/, "mn_"))).toBeUndefined();
    expect(parseApiToken(`${token}=`)).toBeUndefined();
    expect(parseApiToken(` ${token}`)).toBeUndefined();
    expect(parseApiToken("")).toBeUndefined();
  });
});
