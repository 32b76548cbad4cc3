import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { verifyLog } from "../src/index.ts";
import { type BuiltLog, buildLog, chunked, propertyTimeout, runs } from "./support/build-log.ts";
import { mutate, mutationArb } from "./support/mutations.ts";

// The chunked path (workers, chain rules at chunk boundaries, line-by-line replay of a chunk that
// does not continue the chain) must give exactly the streamed pass's answer, failure included.
const pool: BuiltLog[] = [
  ...[1, 7, 31].map((count) => buildLog({ count, checkpointEvery: 5 })),
  buildLog({ count: 23, checkpointEvery: 5, danglingAt: 14 }),
];
const dir = mkdtempSync(join(tmpdir(), "lodestar-chunked-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function fileOf(bytes: Uint8Array): string {
  const file = join(dir, `log-${files++}.ndjson`);
  writeFileSync(file, bytes);
  return file;
}

const caseArb = fc.record({
  log: fc.constantFrom(...pool),
  mutation: fc.option(mutationArb, { nil: undefined }),
  chunkBytes: fc.integer({ min: 1, max: 6000 }),
  maxLineBytes: fc.constantFrom(undefined, 700, 2000),
  withHead: fc.boolean(),
  trusted: fc.boolean(),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

async function bothWays(c: Case, workers: number) {
  const bytes = c.mutation === undefined ? c.log.bytes : mutate(c.log, c.mutation);
  const options = {
    ...(c.withHead ? { knownHead: c.log.head } : {}),
    ...(c.trusted ? { trustedKeys: () => c.log.key.publicKey } : {}),
    ...(c.maxLineBytes !== undefined ? { maxLineBytes: c.maxLineBytes } : {}),
  };
  const streamed = await verifyLog(chunked(bytes), options);
  const file = fileOf(bytes);
  const inChunks = await verifyLog(file, { ...options, headFile: false, workers, chunkBytes: c.chunkBytes });
  rmSync(file);
  return { streamed, inChunks };
}

describe("verifyLog in chunks", () => {
  it(
    "gives the streamed result for original and mutated logs, cut anywhere",
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          const { streamed, inChunks } = await bothWays(c, 0);
          expect(inChunks).toEqual(streamed);
        }),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );

  it("gives the same result with worker threads", async () => {
    // Each run starts real worker threads (~0.2 s from sources), so fewer runs.
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { streamed, inChunks } = await bothWays(c, 2);
        expect(inChunks).toEqual(streamed);
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it("rejects bad tuning before reading anything", async () => {
    const file = fileOf(pool[0]!.bytes);
    await expect(verifyLog(file, { workers: -1 })).rejects.toMatchObject({ code: "invalid-options" });
    await expect(verifyLog(file, { chunkBytes: 0 })).rejects.toMatchObject({ code: "invalid-options" });
    await expect(verifyLog(file, { workers: 1.5 })).rejects.toMatchObject({ code: "invalid-options" });
  });
});
