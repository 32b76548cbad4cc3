import { createHash } from "node:crypto";
import { canonicalize } from "@lodestar/jcs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assertDomain,
  CryptoError,
  DOMAINS,
  domainHash,
  domainHashBytes,
  fromBase64Url,
  fromHex,
  keyIdOf,
  sha256,
  sha256Hex,
  toBase64Url,
  toHex,
} from "../src/index.ts";
import { hex, readVectors, runs } from "./test-support.ts";

interface Interop {
  publicKey: string;
  keyId: string;
  domainHashes: { domain: string; value: unknown; canonical: string; hash: string }[];
  sha256: { utf8: string; hex: string }[];
}
const interop = readVectors<Interop>("lodestar-v1-interop.json");

describe("sha256", () => {
  for (const vector of interop.sha256) {
    it(`FIPS 180 vector ${JSON.stringify(vector.utf8.slice(0, 12))}`, () => {
      expect(sha256Hex(vector.utf8)).toBe(vector.hex);
      expect(toHex(sha256(new TextEncoder().encode(vector.utf8)))).toBe(vector.hex);
    });
  }
});

describe("DOMAINS and domain hashing", () => {
  it("registers every structure as lodestar.<structure>.v1", () => {
    expect(DOMAINS).toEqual({
      envelope: "lodestar.envelope.v1",
      part: "lodestar.part.v1",
      genesis: "lodestar.genesis.v1",
      checkpoint: "lodestar.checkpoint.v1",
      decision: "lodestar.decision.v1",
      action: "lodestar.action.v1",
      policy: "lodestar.policy.v1",
      keyid: "lodestar.keyid.v1",
    });
  });

  for (const vector of interop.domainHashes) {
    it(`matches the independent implementation for ${vector.domain}`, () => {
      expect(canonicalize(vector.value)).toBe(vector.canonical);
      expect(domainHash(vector.domain, vector.value)).toBe(vector.hash);
    });
  }

  it("keyIdOf matches the independent implementation (RFC 8032 TEST 1 key)", () => {
    expect(keyIdOf(hex(interop.publicKey))).toBe(interop.keyId);
    expect(keyIdOf(hex(interop.publicKey))).toMatch(/^ed25519:[0-9a-f]{32}$/);
  });

  it("domainHashBytes prefixes raw bytes the same way", () => {
    const bytes = Uint8Array.of(0, 1, 2, 255);
    const expected = createHash("sha256").update("lodestar.part.v1\n").update(bytes).digest("hex");
    expect(domainHashBytes(DOMAINS.part, bytes)).toBe(expected);
  });

  it("never gives the same hash for the same value under two domains", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(DOMAINS)),
        fc.constantFrom(...Object.values(DOMAINS)),
        fc.jsonValue({ maxDepth: 2 }),
        (a, b, value) => {
          fc.pre(a !== b);
          const safe = JSON.parse(
            JSON.stringify(value, (_k, v) =>
              Object.is(v, -0) || (Number.isInteger(v) && !Number.isSafeInteger(v)) ? 0 : v,
            ),
          );
          expect(domainHash(a, safe)).not.toBe(domainHash(b, safe));
        },
      ),
      { numRuns: runs },
    );
  });

  it.each([
    "",
    "envelope",
    "lodestar.envelope",
    "lodestar.envelope.v1\n",
    "lodestar.envelope.v1\nlodestar.decision.v1",
    "Lodestar.envelope.v1",
    "lodestar..v1",
    "lodestar.envélope.v1",
  ])("refuses malformed domain %j", (domain) => {
    expect(() => assertDomain(domain)).toThrow(CryptoError);
    expect(() => domainHash(domain, {})).toThrow(expect.objectContaining({ code: "invalid-domain" }));
  });

  it("accepts new structures that follow the shape", () => {
    expect(() => assertDomain("lodestar.hold-record.v2")).not.toThrow();
  });

  it("propagates JcsError for values without a canonical form", () => {
    expect(() => domainHash(DOMAINS.envelope, { n: Number.NaN })).toThrow(
      expect.objectContaining({ code: "non-finite-number" }),
    );
  });

  it("keyIdOf refuses a key of the wrong length", () => {
    expect(() => keyIdOf(new Uint8Array(31))).toThrow(
      expect.objectContaining({ code: "invalid-key-length" }),
    );
  });
});

describe("hex and base64url are strict", () => {
  it("round-trips any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        expect(fromHex(toHex(bytes))).toEqual(bytes);
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      }),
      { numRuns: runs },
    );
  });

  it.each(["0", "0g", "AB", "ab cd", " ab"])("fromHex rejects %j", (text) => {
    expect(() => fromHex(text)).toThrow(expect.objectContaining({ code: "invalid-hex" }));
  });

  it.each([
    ["padding", "AA=="],
    ["standard alphabet +", "a+b"],
    ["standard alphabet /", "a/b"],
    ["whitespace", "AA AA"],
    ["impossible length", "A"],
    ["non-zero trailing bits (malleable spelling)", "AB"],
    ["non-zero trailing bits on 2 bytes", "AAB"],
  ])("fromBase64Url rejects %s", (_name, text) => {
    expect(() => fromBase64Url(text)).toThrow(expect.objectContaining({ code: "invalid-base64url" }));
  });

  it("has exactly one spelling per byte string", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        }),
        (text) => {
          try {
            expect(toBase64Url(fromBase64Url(text))).toBe(text);
          } catch (error) {
            expect(error).toBeInstanceOf(CryptoError);
          }
        },
      ),
      { numRuns: runs },
    );
  });
});
