import { createPublicKey, verify as opensslVerify } from "node:crypto";
import * as ed from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateKeyPair, signMessage, verifyMessage } from "../src/ed25519.ts";
import { isAcceptablePublicKey, verifyStrict } from "../src/ed25519-strict.ts";
import { hex, runs } from "./test-support.ts";

// The production verifier uses OpenSSL as a fast path and noble (zip215: false) as the rule.
// These tests show where OpenSSL ALONE departs from that rule and that verifyMessage never does.

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

// Encodings of small-order points (the 8-torsion); each is checked to be small order below.
const SMALL_ORDER_KEYS = [
  "0100000000000000000000000000000000000000000000000000000000000000", // identity
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
  "0000000000000000000000000000000000000000000000000000000000000000", // order 4
  "0000000000000000000000000000000000000000000000000000000000000080", // order 4
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", // order 8
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", // order 8
];

function opensslAlone(sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): boolean {
  try {
    const key = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(pk).toString("base64url") },
      format: "jwk",
    });
    return opensslVerify(null, msg, key, sig);
  } catch {
    return false;
  }
}

function littleEndian(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}

function scalarOf(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n % L;
}

describe("OpenSSL alone is NOT the rule; verifyMessage is", () => {
  it("the small-order key list really is small order", () => {
    for (const key of SMALL_ORDER_KEYS) expect(ed.Point.fromBytes(hex(key), false).isSmallOrder()).toBe(true);
  });

  it("small-order public keys: OpenSSL accepts (R = identity, S = 0) for some message; the rule rejects", () => {
    const identityR = hex(`01${"00".repeat(63)}`);
    let divergences = 0;
    for (const key of SMALL_ORDER_KEYS) {
      const pk = hex(key);
      expect(isAcceptablePublicKey(pk)).toBe(false);
      for (let i = 0; i < 64; i++) {
        const msg = Uint8Array.of(i);
        if (opensslAlone(identityR, msg, pk)) divergences++;
        expect(verifyStrict(identityR, msg, pk)).toBe(false);
        expect(verifyMessage(identityR, msg, pk)).toBe(false);
      }
    }
    // A forged "signature" valid for arbitrary messages under OpenSSL alone: the divergence is real.
    expect(divergences).toBeGreaterThan(64);
  });

  it("mixed-order R: OpenSSL (cofactorless) rejects, the rule (cofactored) accepts, verifyMessage follows the rule", () => {
    const { secretKey, publicKey } = generateKeyPair();
    const { scalar } = ed.utils.getExtendedPublicKey(secretKey);
    const torsion = ed.Point.fromBytes(hex(SMALL_ORDER_KEYS[4]!), false);
    for (let i = 0; i < 8; i++) {
      const msg = Uint8Array.of(7, i);
      const r = scalarOf(sha512(Uint8Array.of(1, 2, 3, i)));
      const mixedR = ed.Point.BASE.multiply(r).add(torsion).toBytes();
      const k = scalarOf(sha512(Uint8Array.from([...mixedR, ...publicKey, ...msg])));
      const s = (r + k * scalar) % L;
      const sig = Uint8Array.from([...mixedR, ...littleEndian(s)]);
      expect(opensslAlone(sig, msg, publicKey)).toBe(false);
      expect(verifyStrict(sig, msg, publicKey)).toBe(true);
      expect(verifyMessage(sig, msg, publicKey)).toBe(true);
    }
  });

  it("verifyMessage equals noble strict on random keys, messages and corrupted signatures", () => {
    const keys = Array.from({ length: 4 }, () => generateKeyPair());
    fc.assert(
      fc.property(
        fc.nat({ max: 3 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom("none", "sig", "msg", "key", "s-plus-l", "random-sig"),
        fc.nat({ max: 511 }),
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        (keyIndex, msg, corruption, bit, randomSig) => {
          const { secretKey, publicKey } = keys[keyIndex]!;
          let sig = signMessage(msg, secretKey);
          let pk = publicKey;
          let message = msg;
          if (corruption === "sig") sig[bit >> 3]! ^= 1 << (bit & 7);
          if (corruption === "msg") message = Uint8Array.from([...msg, bit & 0xff]);
          if (corruption === "key") pk = keys[(keyIndex + 1) % keys.length]!.publicKey;
          if (corruption === "s-plus-l")
            sig = Uint8Array.from([...sig.subarray(0, 32), ...littleEndian(scalarOf(sig.subarray(32)) + L)]);
          if (corruption === "random-sig") sig = randomSig;
          expect(verifyMessage(sig, message, pk)).toBe(verifyStrict(sig, message, pk));
          if (corruption === "none") expect(verifyMessage(sig, message, pk)).toBe(true);
        },
      ),
      { numRuns: runs },
    );
  });
});
