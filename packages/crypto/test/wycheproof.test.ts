import { createPublicKey, verify as opensslVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyMessage } from "../src/ed25519.ts";
import { verifyStrict } from "../src/ed25519-strict.ts";
import { hex, readVectors } from "./test-support.ts";

interface WycheproofTest {
  tcId: number;
  pk: string;
  comment: string;
  flags: string[];
  msg: string;
  sig: string;
  result: "valid" | "invalid";
}

const { tests } = readVectors<{ tests: WycheproofTest[] }>("wycheproof-ed25519.json");

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

describe("Wycheproof ed25519_test.json", () => {
  it("keeps every invalid category represented", () => {
    const invalidFlags = new Set(tests.filter((t) => t.result === "invalid").flatMap((t) => t.flags));
    expect([...invalidFlags].sort()).toEqual([
      "CompressedSignature",
      "InvalidEncoding",
      "InvalidKtv",
      "InvalidSignature",
      "SignatureMalleability",
      "SignatureWithGarbage",
      "TruncatedSignature",
    ]);
    expect(tests).toHaveLength(150);
  });

  for (const t of tests) {
    it(`tcId ${t.tcId} [${t.flags.join(",")}] ${t.comment.slice(0, 60)} → ${t.result}`, () => {
      const [sig, msg, pk] = [hex(t.sig), hex(t.msg), hex(t.pk)];
      const expected = t.result === "valid";
      // The production path, the browser's rule (noble strict) and OpenSSL alone all agree here.
      expect(verifyMessage(sig, msg, pk)).toBe(expected);
      expect(verifyStrict(sig, msg, pk)).toBe(expected);
      expect(opensslAlone(sig, msg, pk)).toBe(expected);
    });
  }
});
