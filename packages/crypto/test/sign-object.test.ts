import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DOMAINS,
  fromBase64Url,
  generateKeyPair,
  signingBytes,
  signObject,
  signObjectWith,
  toBase64Url,
  verifyObject,
} from "../src/index.ts";
import { createSigner } from "../src/node/index.ts";
import { hex, readVectors, runs } from "./test-support.ts";

interface Interop {
  secretKey: string;
  publicKey: string;
  signatures: { domain: string; value: unknown; signature: string }[];
}
const interop = readVectors<Interop>("lodestar-v1-interop.json");
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const alice = generateKeyPair();
const mallory = generateKeyPair();
const decision = { holdId: "h-1", verdict: "approve", level: "L3", nonce: "n-1" };

function withSPlusL(signature: string): string {
  const bytes = fromBase64Url(signature);
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(bytes[i]!);
  s += L;
  for (let i = 32; i < 64; i++) {
    bytes[i] = Number(s & 0xffn);
    s >>= 8n;
  }
  return toBase64Url(bytes);
}

describe("signObject / verifyObject", () => {
  for (const vector of interop.signatures) {
    it(`reproduces the independent implementation's signature under ${vector.domain}`, () => {
      expect(signObject(vector.domain, vector.value, hex(interop.secretKey))).toBe(vector.signature);
      expect(verifyObject(vector.domain, vector.value, vector.signature, hex(interop.publicKey))).toBe(true);
    });
  }

  it("signs ascii(domain + \\n) ‖ canonical bytes", () => {
    expect(new TextDecoder().decode(signingBytes(DOMAINS.decision, { b: 1, a: "x" }))).toBe(
      'lodestar.decision.v1\n{"a":"x","b":1}',
    );
  });

  it("round-trips and is independent of key order", () => {
    const signature = signObject(DOMAINS.decision, decision, alice.secretKey);
    const reordered = { nonce: "n-1", level: "L3", verdict: "approve", holdId: "h-1" };
    expect(fromBase64Url(signature)).toHaveLength(64);
    expect(verifyObject(DOMAINS.decision, reordered, signature, alice.publicKey)).toBe(true);
  });

  it("rejects: wrong key, tampered value, wrong domain, bad length, non-canonical S, re-spelled base64url", () => {
    const signature = signObject(DOMAINS.decision, decision, alice.secretKey);
    expect(verifyObject(DOMAINS.decision, decision, signature, mallory.publicKey)).toBe(false);
    expect(verifyObject(DOMAINS.decision, { ...decision, verdict: "deny" }, signature, alice.publicKey)).toBe(
      false,
    );
    expect(verifyObject(DOMAINS.checkpoint, decision, signature, alice.publicKey)).toBe(false);
    expect(verifyObject(DOMAINS.decision, decision, signature.slice(0, -2), alice.publicKey)).toBe(false);
    expect(verifyObject(DOMAINS.decision, decision, `${signature}AA`, alice.publicKey)).toBe(false);
    expect(verifyObject(DOMAINS.decision, decision, withSPlusL(signature), alice.publicKey)).toBe(false);
    expect(verifyObject(DOMAINS.decision, decision, `${signature}=`, alice.publicKey)).toBe(false);
  });

  it("a signature over one domain never verifies under another", () => {
    const domains = Object.values(DOMAINS);
    fc.assert(
      fc.property(
        fc.constantFrom(...domains),
        fc.constantFrom(...domains),
        fc.dictionary(fc.string(), fc.string()),
        (a, b, value) => {
          fc.pre(a !== b);
          const signature = signObject(a, value, alice.secretKey);
          expect(verifyObject(a, value, signature, alice.publicKey)).toBe(true);
          expect(verifyObject(b, value, signature, alice.publicKey)).toBe(false);
        },
      ),
      { numRuns: Math.min(runs, 1000) },
    );
  });

  it("never throws on attacker-controlled input, and accepts none of it", () => {
    const anything = fc.oneof(fc.anything(), fc.string(), fc.uint8Array({ maxLength: 70 }));
    fc.assert(
      fc.property(anything, anything, anything, anything, (domain, value, signature, publicKey) => {
        const call = () =>
          verifyObject(domain as string, value, signature as string, publicKey as Uint8Array);
        expect(call).not.toThrow();
        expect(call()).toBe(false);
      }),
      { numRuns: runs },
    );
  });

  it("returns false for values without a canonical form and for a malformed domain", () => {
    const signature = signObject(DOMAINS.decision, decision, alice.secretKey);
    expect(verifyObject(DOMAINS.decision, { n: Number.NaN }, signature, alice.publicKey)).toBe(false);
    expect(verifyObject("lodestar.decision.v1\n", decision, signature, alice.publicKey)).toBe(false);
  });

  it("signObject throws (it is not attacker-facing) on bad keys or values", () => {
    expect(() => signObject(DOMAINS.decision, decision, new Uint8Array(64))).toThrow(
      expect.objectContaining({ code: "invalid-key-length" }),
    );
    expect(() => signObject(DOMAINS.decision, { x: undefined }, alice.secretKey)).toThrow(
      expect.objectContaining({ code: "unsupported-type" }),
    );
  });

  it("signObjectWith a long-lived Signer gives signObject's signature, for any key and value", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string(), (seed, value) => {
        const signer = createSigner(seed);
        expect(signObjectWith(DOMAINS.checkpoint, value, signer)).toBe(
          signObject(DOMAINS.checkpoint, value, seed),
        );
      }),
      { numRuns: runs },
    );
    expect(() => createSigner(new Uint8Array(31))).toThrow(
      expect.objectContaining({ code: "invalid-key-length" }),
    );
  });
});
