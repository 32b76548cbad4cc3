import { parseEnvelopeLine, redactEnvelope, SENSITIVITIES, serializeEnvelope } from "@lodestar/envelope";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyLog } from "../src/index.ts";
import { type BuiltLog, buildLog, chunked, propertyTimeout, runs } from "./support/build-log.ts";
import { expectedBreak, mutate, mutationArb } from "./support/mutations.ts";

// Logs are costly to build (hashing, signing), so each property draws from a small pool of them;
// the mutations are where the randomness matters.
const pool: BuiltLog[] = [1, 2, 7, 16, 31].map((count) => buildLog({ count, checkpointEvery: 5 }));
const logArb = fc.constantFrom(...pool);

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
