import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as resolvedVerify from "#ed25519-verify";
import * as resolvedSha from "#sha256";
import { signMessage } from "../src/ed25519.ts";
import { verifyFast as verifyOpenSsl } from "../src/ed25519-fast-verify.ts";
import { verifyFast as verifyBrowser } from "../src/ed25519-verify-web.ts";
import { fromBase64Url, fromHex, generateKeyPair, toBase64Url, toHex } from "../src/index.ts";
import * as nodeSha from "../src/sha256-node.ts";
import * as webSha from "../src/sha256-web.ts";
import { runs } from "./test-support.ts";

// The protocol entry resolves `#sha256` and `#ed25519-verify` per platform (ADR 0021): Node gets
// OpenSSL, a browser gets @noble. Both targets are imported here directly, so the browser's code
// is checked against Node's on the same inputs. base64url and hex are plain code on every
// platform; Buffer (what they replaced) is the reference.

describe("package.json imports under Node", () => {
  it("resolve to the OpenSSL targets (the fast paths the benchmarks measure)", () => {
    expect(resolvedSha.sha256HexOf2).toBe(nodeSha.sha256HexOf2);
    expect(resolvedVerify.verifyFast).toBe(verifyOpenSsl);
  });
});

describe("#sha256: the browser target equals Node's", () => {
  it("on bytes, strings and two-part messages", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ unit: "grapheme", maxLength: 100 }),
        (bytes, text) => {
          expect(webSha.sha256Hex(bytes)).toBe(nodeSha.sha256Hex(bytes));
          expect(webSha.sha256Hex(text)).toBe(nodeSha.sha256Hex(text));
          expect(webSha.sha256(text)).toEqual(nodeSha.sha256(text));
          expect(webSha.sha256HexOf2(bytes, text)).toBe(nodeSha.sha256HexOf2(bytes, text));
          expect(webSha.sha256HexOf2(bytes, bytes)).toBe(nodeSha.sha256HexOf2(bytes, bytes));
          expect(nodeSha.sha256Hex(text)).toBe(createHash("sha256").update(text).digest("hex"));
        },
      ),
      { numRuns: runs },
    );
  });

  it("on lone surrogates (both hash the WHATWG UTF-8 encoding, U+FFFD)", () => {
    for (const text of ["\ud800", "a\udfffb", "\udc00\ud800"]) {
      expect(webSha.sha256Hex(text)).toBe(nodeSha.sha256Hex(text));
    }
  });
});

describe("#ed25519-verify: the browser target accepts exactly what Node's does", () => {
  it("on valid signatures and on single-bit corruptions of each input", () => {
    const { secretKey, publicKey } = generateKeyPair();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(),
        fc.integer({ min: 0, max: 2 }),
        (message, bit, which) => {
          const signature = signMessage(message, secretKey);
          expect(verifyBrowser(signature, message, publicKey)).toBe(true);
          expect(verifyOpenSsl(signature, message, publicKey)).toBe(true);
          const inputs = [new Uint8Array(signature), new Uint8Array(message), new Uint8Array(publicKey)];
          const target = inputs[which]!;
          if (target.length === 0) return;
          target[(bit >>> 3) % target.length]! ^= 1 << (bit & 7);
          const [s, m, k] = inputs as [Uint8Array, Uint8Array, Uint8Array];
          expect(verifyBrowser(s, m, k)).toBe(verifyOpenSsl(s, m, k));
        },
      ),
      { numRuns: Math.ceil(runs / 6) }, // noble verifies at ~1 ms: keep the default run short
    );
  }, 60_000);
});

describe("base64url and hex: plain code equal to Buffer's canonical output", () => {
  it("encodes as Buffer does and decodes its own output back", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = Buffer.from(bytes).toString("base64url");
        expect(toBase64Url(bytes)).toBe(text);
        expect(fromBase64Url(text)).toEqual(bytes);
        expect(toHex(bytes)).toBe(Buffer.from(bytes).toString("hex"));
        expect(fromHex(toHex(bytes))).toEqual(bytes);
      }),
      { numRuns: runs },
    );
  });

  it("accepts a base64url text only if it is the canonical spelling of what it decodes to", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."AQgwBz09_-+/=. "), maxLength: 12 }), (text) => {
        const canonical =
          /^[A-Za-z0-9_-]*$/.test(text) &&
          text.length % 4 !== 1 &&
          Buffer.from(text, "base64url").toString("base64url") === text;
        if (canonical) expect(toBase64Url(fromBase64Url(text))).toBe(text);
        else expect(() => fromBase64Url(text)).toThrow();
      }),
      { numRuns: runs * 10 },
    );
  });
});
