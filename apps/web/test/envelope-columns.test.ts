import { createEnvelopeLine, genesisHash, parseEnvelopeLine } from "@lodestar/envelope";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { columnsOfVerifiedLine } from "../src/server/ingest/envelope-columns.ts";

// columnsOfVerifiedLine reads columns out of lines verification accepted, without a second parse.
// Differential: on any valid envelope — including bodies whose values contain the markers it looks
// for ("hash", "sensitivity", "ts" members, quotes, backslashes) — it agrees with the strict parser.
const tricky = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    { hash: "f".repeat(64), ts: "2020-01-01T00:00:00.000Z", sensitivity: "secret", seq: 9 },
    ',"hash":"',
    ',"sensitivity":"secret","seq":1,"session":"x","ts":"',
    '","id":"',
    '\\"',
  ),
);

describe("columnsOfVerifiedLine", () => {
  it("agrees with parseEnvelopeLine on valid envelopes with hostile bodies", () => {
    fc.assert(
      fc.property(
        tricky,
        fc.constantFrom("public", "internal", "confidential", "secret" as const),
        fc.nat(1_000_000),
        fc.constantFrom("observation", "session.start", "checkpoint", "belief" as const),
        (value, sensitivity, seq, kind) => {
          let line: string;
          try {
            line = createEnvelopeLine({
              session: "ses_cols",
              seq,
              prev: genesisHash("ses_cols"),
              kind,
              actor: { agent: 'a","hash":"x' },
              sensitivity,
              body: { hash: { value }, ts: { s: "public", value: { nested: value } } },
            }).line;
          } catch {
            return; // a value with no canonical form: not a line that could be verified
          }
          const envelope = parseEnvelopeLine(line);
          expect(columnsOfVerifiedLine(line)).toEqual({
            seq: envelope.seq,
            id: envelope.id,
            kind: envelope.kind,
            ts: envelope.ts,
            sensitivity: envelope.sensitivity,
            hash: envelope.hash,
          });
        },
      ),
      { numRuns: 300, seed: 20261202 },
    );
  });
});
