import { describe, expect, it } from "vitest";
import {
  createEnvelopeLine,
  EnvelopeError,
  genesisHash,
  isRedactedPart,
  parseEnvelopeLine,
  partCommitment,
  partValue,
  redactEnvelope,
  serializeEnvelope,
} from "../src/index.ts";

const { envelope } = createEnvelopeLine({
  session: "ses_r",
  seq: 0,
  prev: genesisHash("ses_r"),
  kind: "observation",
  actor: { agent: "a" },
  sensitivity: "confidential",
  body: {
    pub: { s: "public", value: "hello" },
    inherit: { value: { account: "12345678" } },
    secret: { s: "secret", value: "yes" },
    internal: { s: "internal", value: [1, 2] },
  },
});

const visible = (ceiling: Parameters<typeof redactEnvelope>[1]) =>
  Object.entries(redactEnvelope(envelope, ceiling).body)
    .filter(([, part]) => !isRedactedPart(part))
    .map(([name]) => name)
    .sort();

describe("redactEnvelope", () => {
  it("hides exactly the parts above the ceiling, using the part's own level or the envelope's", () => {
    expect(visible("public")).toEqual(["pub"]);
    expect(visible("internal")).toEqual(["internal", "pub"]);
    expect(visible("confidential")).toEqual(["inherit", "internal", "pub"]);
    expect(visible("secret")).toEqual(["inherit", "internal", "pub", "secret"]);
  });

  it("keeps only the level and the commitment: no salt, no value", () => {
    const redacted = redactEnvelope(envelope, "public");
    const original = envelope.body["secret"] as { salt: string; value: unknown };
    expect(redacted.body["secret"]).toEqual({ s: "secret", redacted: partCommitment(original.salt, "yes") });
    expect(redacted.body["inherit"]).toEqual({ redacted: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const line = serializeEnvelope(redacted);
    expect(line).not.toContain(original.salt);
    expect(line).not.toContain("12345678");
    expect(line).not.toContain('"yes"');
  });

  it("keeps the hash, so the redacted line verifies like the original", () => {
    const line = serializeEnvelope(redactEnvelope(envelope, "internal"));
    expect(parseEnvelopeLine(line).hash).toBe(envelope.hash);
  });

  it("the same value under two salts has unrelated commitments (no guessing by hashing candidates)", () => {
    const a = createEnvelopeLine({ ...input(), body: { x: { value: "yes" } } }).envelope;
    const b = createEnvelopeLine({ ...input(), body: { x: { value: "yes" } } }).envelope;
    const ca = (redactEnvelope(a, "public").body["x"] as { redacted: string }).redacted;
    const cb = (redactEnvelope(b, "public").body["x"] as { redacted: string }).redacted;
    expect(ca).not.toBe(cb);
  });
});

describe("partValue", () => {
  it("returns an open part's value, undefined for a missing part, and refuses a redacted one", () => {
    expect(partValue(envelope, "pub")).toBe("hello");
    expect(partValue(envelope, "nope")).toBeUndefined();
    expect(partValue(envelope, "toString")).toBeUndefined();
    const redacted = redactEnvelope(envelope, "public");
    expect(() => partValue(redacted, "secret")).toThrow(EnvelopeError);
    expect(() => partValue(redacted, "secret")).toThrow(expect.objectContaining({ code: "part-redacted" }));
  });
});

function input() {
  return {
    session: "ses_r",
    seq: 0,
    prev: genesisHash("ses_r"),
    kind: "observation" as const,
    actor: { agent: "a" },
    sensitivity: "secret" as const,
  };
}
