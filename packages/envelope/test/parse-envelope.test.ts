import { canonicalize } from "@lodestar/jcs";
import { describe, expect, it } from "vitest";
import {
  createEnvelopeLine,
  type EnvelopeErrorCode,
  genesisHash,
  parseEnvelopeLine,
  parseEnvelopeValue,
} from "../src/index.ts";

const { line, envelope } = createEnvelopeLine({
  session: "ses_parse",
  seq: 3,
  prev: genesisHash("ses_parse"),
  kind: "observation",
  actor: { agent: "agent-1", model: "m" },
  parents: [],
  sensitivity: "internal",
  body: { text: { value: { a: 1, b: "two" } }, flag: { s: "public", value: true } },
});

// biome-ignore lint/suspicious/noExplicitAny: the tests edit arbitrary parsed JSON in place
type Json = any;

function rejection(text: string): { code: EnvelopeErrorCode; field: string | undefined } {
  try {
    parseEnvelopeLine(text);
  } catch (error) {
    const { code, field } = error as { code: EnvelopeErrorCode; field?: string };
    return { code, field };
  }
  throw new Error("expected the line to be rejected");
}

/** Re-serializes the line as JSON after `edit`, keeping key order (so only the edit differs). */
function edited(edit: (value: Json) => void): string {
  const value = JSON.parse(line);
  edit(value);
  return JSON.stringify(value);
}

describe("parseEnvelopeLine", () => {
  it("accepts the canonical line", () => {
    expect(parseEnvelopeLine(line)).toEqual(envelope);
  });

  it.each([
    ["empty line", "", "invalid-json"],
    ["truncated", line.slice(0, -1), "invalid-json"],
    ["trailing garbage", `${line}x`, "invalid-json"],
    ["not an object", "[1,2]", "schema"],
    ["whitespace", line.replace(",", ", "), "non-canonical"],
    ["trailing newline inside", `${line}\n`, "non-canonical"],
    ["byte order mark", `\ufeff${line}`, "invalid-json"],
    ["duplicate key", line.replace('{"actor":', '{"actor":{"agent":"x"},"actor":'), "non-canonical"],
    ["keys out of order", line.replace('"v":1}', '"v":1,"a":1}'), "non-canonical"],
    ["escaped ASCII", line.replace('"agent-1"', '"\\u0061gent-1"'), "non-canonical"],
    ["number spelled 1.0", line.replace('"a":1', '"a":1.0'), "non-canonical"],
    ["number spelled 1e0", line.replace('"a":1', '"a":1e0'), "non-canonical"],
    ["negative zero", line.replace('"a":1', '"a":-0'), "non-canonical"],
    ["unsafe integer", line.replace('"a":1', '"a":9007199254740993'), "non-canonical"],
    ["2^53 (exact but unsafe)", line.replace('"a":1', '"a":9007199254740992'), "non-canonical"],
    ["lone surrogate", line.replace('"two"', '"\\ud800"'), "non-canonical"],
  ])("rejects %s", (_name, text, code) => {
    expect(rejection(text).code).toBe(code);
  });

  it.each([
    ["wrong version", (v: Json) => (v.v = 2), "unsupported-version", "/v"],
    ["unknown field", (v: Json) => (v.zz = 1), "schema", ""],
    ["missing field", (v: Json) => delete v.prev, "schema", "/prev"],
    ["unknown kind", (v: Json) => (v.kind = "exec"), "schema", "/kind"],
    ["negative seq", (v: Json) => (v.seq = -1), "schema", "/seq"],
    ["fractional seq", (v: Json) => (v.seq = 1.5), "schema", "/seq"],
    ["uppercase hash", (v: Json) => (v.hash = v.hash.toUpperCase()), "schema", "/hash"],
    ["bad id", (v: Json) => (v.id = "ev_short"), "schema", "/id"],
    ["bad parent id", (v: Json) => (v.parents = ["nope"]), "schema", "/parents/0"],
    ["bad timestamp", (v: Json) => (v.ts = "2026-13-01T00:00:00.000Z"), "schema", "/ts"],
    ["empty agent", (v: Json) => (v.actor.agent = ""), "schema", "/actor/agent"],
    ["extra actor field", (v: Json) => (v.actor.x = "y"), "schema", "/actor"],
    ["part with no value", (v: Json) => delete v.body.text.value, "schema", "/body/text"],
    [
      "part with salt and redacted",
      (v: Json) => (v.body.text.redacted = "0".repeat(64)),
      "schema",
      "/body/text",
    ],
    ["bad part level", (v: Json) => (v.body.flag.s = "top-secret"), "schema", "/body/flag"],
    [
      "__proto__ part name",
      (v: Json) =>
        Object.defineProperty(v.body, "__proto__", { value: { redacted: "0".repeat(64) }, enumerable: true }),
      "schema",
      "/body/__proto__",
    ],
  ])("rejects %s, naming the field", (_name, edit, code, field) => {
    // The edited value is written canonically, so the only thing wrong with it is the schema.
    const value = JSON.parse(line);
    edit(value);
    const text = canonicalize(value);
    const error = rejection(text);
    expect(error.code).toBe(code);
    if (field !== "") expect(error.field).toBe(field);
  });

  it("rejects a non-canonical salt spelling that decodes to the same bytes", () => {
    // "…A" and "…B" differ only in the 4 pad bits: same salt bytes, different text. Accepting both
    // would allow an undetectable edit of the line.
    const salt = (JSON.parse(line) as Json).body.text.salt as string;
    const twin = salt.slice(0, -1) + String.fromCharCode(salt.charCodeAt(21) + 1);
    const error = rejection(line.replace(salt, twin));
    expect(error).toEqual({ code: "schema", field: "/body/text/salt" });
  });

  it("reports an edited value as bad-hash", () => {
    expect(rejection(line.replace('"two"', '"too"'))).toEqual({ code: "bad-hash", field: "/hash" });
    expect(rejection(line.replace('"seq":3', '"seq":4')).code).toBe("bad-hash");
    expect(rejection(edited((v) => (v.body.text.salt = "AAAAAAAAAAAAAAAAAAAAAA"))).code).toBe("bad-hash");
  });

  it("rejects 10,000-deep nesting with an error, not a crash", () => {
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const error = rejection(line.replace('{"a":1,"b":"two"}', deep));
    expect(error.code).toBe("non-canonical");
  });

  it("parseEnvelopeValue checks schema and hash of a value parsed elsewhere", () => {
    expect(parseEnvelopeValue(JSON.parse(line)).hash).toBe(envelope.hash);
    const tampered = { ...JSON.parse(line), seq: 4 };
    expect(() => parseEnvelopeValue(tampered)).toThrow(expect.objectContaining({ code: "bad-hash" }));
    expect(() => parseEnvelopeValue({ ...tampered, v: 3 })).toThrow(
      expect.objectContaining({ code: "unsupported-version" }),
    );
  });
});
