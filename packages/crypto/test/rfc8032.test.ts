import { createPrivateKey, sign as opensslSign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { publicKeyOf, signMessage, verifyMessage } from "../src/ed25519.ts";
import { keyIdOf } from "../src/key-id.ts";
import { createSigner } from "../src/node/create-signer.ts";
import { hex, readVectors } from "./test-support.ts";

interface Rfc8032 {
  tests: { name: string; secretKey: string; publicKey: string; message: string; signature: string }[];
}

const { tests } = readVectors<Rfc8032>("rfc8032-7.1.json");
const PKCS8_ED25519_PREFIX = "302e020100300506032b657004220420";

describe("RFC 8032 §7.1 Ed25519 test vectors", () => {
  it("covers TEST 1, 2, 3, 1024 and SHA(abc)", () => {
    expect(tests.map((t) => t.name)).toEqual(["TEST 1", "TEST 2", "TEST 3", "TEST 1024", "TEST SHA(abc)"]);
    expect(hex(tests[3]!.message)).toHaveLength(1023);
  });

  for (const vector of tests) {
    describe(vector.name, () => {
      const secretKey = hex(vector.secretKey);
      const message = hex(vector.message);
      const signature = hex(vector.signature);
      const publicKey = hex(vector.publicKey);

      it("derives the public key", () => {
        expect(Buffer.from(publicKeyOf(secretKey)).toString("hex")).toBe(vector.publicKey);
      });

      it("signs to exactly the published signature (noble and OpenSSL agree)", () => {
        expect(Buffer.from(signMessage(message, secretKey)).toString("hex")).toBe(vector.signature);
        const opensslKey = createPrivateKey({
          key: Buffer.from(PKCS8_ED25519_PREFIX + vector.secretKey, "hex"),
          format: "der",
          type: "pkcs8",
        });
        expect(opensslSign(null, message, opensslKey).toString("hex")).toBe(vector.signature);
        const signer = createSigner(secretKey);
        expect(Buffer.from(signer.sign(message)).toString("hex")).toBe(vector.signature);
        expect(Buffer.from(signer.publicKey).toString("hex")).toBe(vector.publicKey);
        expect(signer.keyId).toBe(keyIdOf(publicKey));
      });

      it("verifies, and rejects a tampered message, signature or key", () => {
        expect(verifyMessage(signature, message, publicKey)).toBe(true);
        const tamperedMessage = Uint8Array.from([...message, 0]);
        expect(verifyMessage(signature, tamperedMessage, publicKey)).toBe(false);
        const tamperedSignature = signature.slice();
        tamperedSignature[40]! ^= 0x01;
        expect(verifyMessage(tamperedSignature, message, publicKey)).toBe(false);
        const otherKey = hex(tests[(tests.indexOf(vector) + 1) % tests.length]!.publicKey);
        expect(verifyMessage(signature, message, otherKey)).toBe(false);
      });
    });
  }
});
