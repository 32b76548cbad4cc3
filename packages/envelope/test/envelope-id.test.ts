import { describe, expect, it } from "vitest";
import { createEnvelopeId, createSalt, ENVELOPE_ID_PATTERN, SALT_PATTERN } from "../src/index.ts";

describe("createEnvelopeId", () => {
  it("matches the wire pattern and is unique", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const id = createEnvelopeId();
      expect(id).toMatch(ENVELOPE_ID_PATTERN);
      ids.add(id);
    }
    expect(ids.size).toBe(10_000);
  });

  it("encodes the 48-bit time big-endian in Crockford base32, then 128 random bits", () => {
    const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (const time of [0, 1, 31, 1_700_000_000_000, 2 ** 48 - 1]) {
      const id = createEnvelopeId(time);
      // Reference decoder: 36 digits = 180 bits = 48 time bits, 128 random bits, 4 zero pad bits.
      let value = 0n;
      for (const digit of id.slice(3)) value = (value << 5n) | BigInt(alphabet.indexOf(digit));
      expect(value >> 132n).toBe(BigInt(time));
      expect(value & 15n).toBe(0n);
    }
  });

  it("sorts by creation time", () => {
    const times = [0, 1, 999, 1_700_000_000_000, 1_700_000_000_001, 2 ** 48 - 1];
    const ids = times.map((t) => createEnvelopeId(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it("carries 128 random bits: ids of the same millisecond differ in their random tail", () => {
    const a = createEnvelopeId(1_700_000_000_000);
    const b = createEnvelopeId(1_700_000_000_000);
    // "ev_" + 9 chars = 45 bits, all from the timestamp; the 10th char mixes time and random bits.
    expect(a.slice(0, 12)).toBe(b.slice(0, 12));
    expect(a.slice(13)).not.toBe(b.slice(13));
    // 36 base32 chars = 180 bits ≥ 48 time bits + 128 random bits.
    expect(a.length - 3).toBe(36);
  });
});

describe("createSalt", () => {
  it("is 16 random bytes in canonical base64url", () => {
    const salts = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const salt = createSalt();
      expect(salt).toMatch(SALT_PATTERN);
      expect(Buffer.from(salt, "base64url").length).toBe(16);
      expect(Buffer.from(salt, "base64url").toString("base64url")).toBe(salt);
      salts.add(salt);
    }
    expect(salts.size).toBe(1000);
  });
});
