import { parseEnvelopeLine, redactEnvelope, SENSITIVITIES, serializeEnvelope } from "@lodestar/envelope";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyLog } from "../src/index.ts";
import { type BuiltLog, buildLog, chunked, propertyTimeout, runs } from "./support/build-log.ts";

// Logs are costly to build (hashing, signing), so each property draws from a small pool of them;
// the mutations are where the randomness matters.
const pool: BuiltLog[] = [1, 2, 7, 16, 31].map((count) => buildLog({ count, checkpointEvery: 5 }));
const logArb = fc.constantFrom(...pool);

type Mutation =
  | { type: "byte"; at: number; xor: number }
  | { type: "edit"; line: number; text: string }
  | { type: "delete"; line: number }
  | { type: "insert"; line: number; copyOf: number | undefined; text: string }
  | { type: "swap"; a: number; b: number }
  | { type: "truncate"; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ type: fc.constant("byte" as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ type: fc.constant("edit" as const), line: fc.nat(), text: fc.string() }),
  fc.record({ type: fc.constant("delete" as const), line: fc.nat() }),
  fc.record({
    type: fc.constant("insert" as const),
    line: fc.nat(),
    copyOf: fc.option(fc.nat(), { nil: undefined }),
    text: fc.string(),
  }),
  fc.record({ type: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ type: fc.constant("truncate" as const), at: fc.nat() }),
);

function mutate(log: BuiltLog, m: Mutation): Buffer {
  const lines = log.lines;
  const n = lines.length;
  const join = (ls: string[]) => Buffer.from(ls.map((l) => `${l}\n`).join(""));
  switch (m.type) {
    case "byte": {
      const bytes = Buffer.from(log.bytes);
      const at = m.at % bytes.length;
      bytes[at] = bytes[at]! ^ m.xor;
      return bytes;
    }
    case "edit":
      return join(lines.with(m.line % n, m.text));
    case "delete":
      return join(lines.toSpliced(m.line % n, 1));
    case "insert": {
      const text = m.copyOf === undefined ? m.text : lines[m.copyOf % n]!;
      return join(lines.toSpliced(m.line % (n + 1), 0, text));
    }
    case "swap": {
      const a = m.a % n;
      const b = m.b % n;
      return join(lines.with(a, lines[b]!).with(b, lines[a]!));
    }
    case "truncate":
      return log.bytes.subarray(0, m.at % log.bytes.length);
  }
}

/** The log cut into "\n"-terminated segments (the last may be unterminated), as byte strings. */
function segments(bytes: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end === -1 ? bytes.length : end + 1;
    out.push(bytes.subarray(start, stop).toString("latin1"));
    start = stop;
  }
  return out;
}

/**
 * Where verification must fail: at the first segment that differs from the original (its index is
 * the seq the original had there); when the mutated log is a strict prefix of the original, at the
 * first missing seq, found only against the known head.
 */
function expectedBreak(original: Buffer, mutated: Buffer): { seq: number; truncated: boolean } | "unchanged" {
  const a = segments(original);
  const b = segments(mutated);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { seq: i, truncated: false };
  }
  if (a.length === b.length) return "unchanged";
  return b.length < a.length ? { seq: b.length, truncated: true } : { seq: a.length, truncated: false };
}

const chunkSizes = fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 5 });

describe("verifyLog properties", () => {
  it(
    "accepts every original log, however it is chunked",
    async () => {
      await fc.assert(
        fc.asyncProperty(logArb, chunkSizes, async (log, sizes) => {
          const result = await verifyLog(chunked(log.bytes, sizes), { knownHead: log.head });
          expect(result).toMatchObject({ ok: true, count: log.lines.length, head: log.head });
        }),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );

  it(
    "detects every mutation (bytes, lines, order, tail) at the first changed seq",
    async () => {
      await fc.assert(
        fc.asyncProperty(logArb, mutationArb, chunkSizes, async (log, mutation, sizes) => {
          const mutated = mutate(log, mutation);
          const expected = expectedBreak(log.bytes, mutated);
          fc.pre(expected !== "unchanged");
          const withHead = await verifyLog(chunked(mutated, sizes), { knownHead: log.head });
          expect(withHead).toMatchObject({ ok: false, seq: expected.seq });
          if (expected.truncated) {
            expect(withHead).toMatchObject({ code: "truncated-below-checkpoint" });
            // A cut on a line boundary leaves a valid shorter chain: only the head can tell.
            expect(await verifyLog(chunked(mutated, sizes))).toMatchObject({ ok: true, count: expected.seq });
          } else {
            // Everything but a clean truncation is caught from the file alone.
            expect(await verifyLog(chunked(mutated, sizes))).toMatchObject({ ok: false, seq: expected.seq });
          }
        }),
        { numRuns: runs * 5 },
      );
    },
    propertyTimeout,
  );

  it(
    "keeps verifying after redaction to any ceiling, with the same head",
    async () => {
      await fc.assert(
        fc.asyncProperty(logArb, fc.constantFrom(...SENSITIVITIES), async (log, ceiling) => {
          const redacted = log.lines.map((line) =>
            serializeEnvelope(redactEnvelope(parseEnvelopeLine(line), ceiling)),
          );
          const bytes = Buffer.from(redacted.map((l) => `${l}\n`).join(""));
          if (ceiling !== "secret") expect(bytes.toString()).not.toContain('"yes"');
          const result = await verifyLog(chunked(bytes), {
            knownHead: log.head,
            trustedKeys: () => log.key.publicKey,
          });
          expect(result).toMatchObject({
            ok: true,
            head: log.head,
            checkpointSignersTrusted: log.lines.length > 5,
          });
        }),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );
});
