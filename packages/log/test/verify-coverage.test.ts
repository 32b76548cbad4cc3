import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, keyIdOf } from "@lodestar/crypto";
import { createSigner } from "@lodestar/crypto/node";
import type { Envelope } from "@lodestar/envelope";
import { canonicalize } from "@lodestar/jcs";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { readCoveredLog, signCheckpoint, verifyEnvelopes, verifyLog } from "../src/index.ts";
import { type BuiltLog, buildLog, propertyTimeout, runs } from "./support/build-log.ts";
import { mutate, mutationArb } from "./support/mutations.ts";

/**
 * Finding 5 of issue 9: a chain with valid hashes proves nothing about who wrote it. Coverage says
 * how much of a log a checkpoint signature vouches for, and readCoveredLog hands out only that.
 */
const dir = mkdtempSync(join(tmpdir(), "lodestar-coverage-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (lines: string[]) => lines.map((l) => `${l}\n`).join("");
const trustedBy = (log: BuiltLog) => (id: string) =>
  id === keyIdOf(log.key.publicKey) ? log.key.publicKey : undefined;
let n = 0;
function write(
  lines: string[],
  head?: { session: string; seq: number; hash: string; log: BuiltLog },
): string {
  const file = join(dir, `log-${n++}.ndjson`);
  writeFileSync(file, text(lines));
  if (head) {
    const claim = signCheckpoint(head.session, head, createSigner(head.log.key.secretKey));
    writeFileSync(`${file}.head`, `${canonicalize({ v: 1, ...claim })}\n`);
  }
  return file;
}

async function covered(file: string, log: BuiltLog) {
  const runs: Envelope[][] = [];
  const result = await readCoveredLog(file, (envelopes) => runs.push([...envelopes]), {
    trustedKeys: trustedBy(log),
  });
  return { result, runs, seqs: runs.flat().map((e) => e.seq) };
}

// 10 content envelopes, a checkpoint after each 5th: seqs 0-4, cp 5, 6-10, cp 11.
const closed = buildLog({ count: 10, checkpointEvery: 5 });

describe("verify coverage", () => {
  it("is covered when the last envelope is a checkpoint", async () => {
    const result = await verifyLog(write(closed.lines), { trustedKeys: trustedBy(closed) });
    expect(result).toMatchObject({
      ok: true,
      coverage: "covered",
      coveredSeq: 10,
      checkpointSignersTrusted: true,
    });
    expect(verifyEnvelopes(closed.lines)).toMatchObject({ ok: true, coverage: "covered", coveredSeq: 10 });
  });

  it("is uncovered when a log is cut on a line boundary and its head file is gone", async () => {
    const result = await verifyLog(write(closed.lines.slice(0, 11)), { trustedKeys: trustedBy(closed) });
    expect(result).toMatchObject({ ok: true, coverage: "uncovered", coveredSeq: 4, count: 11 });
  });

  it("has no checkpoint when nothing is signed, or the log is empty", async () => {
    const bare = buildLog({ count: 4 });
    expect(await verifyLog(write(bare.lines))).toMatchObject({
      ok: true,
      coverage: "no-checkpoint",
      coveredSeq: undefined,
    });
    expect(await verifyLog(write([]))).toMatchObject({ ok: true, count: 0, coverage: "no-checkpoint" });
  });

  it("counts a head file's signed claim as coverage (the checkpoint line itself lost)", async () => {
    // Cut right before the closing checkpoint line, whose claim the head file still holds.
    const last = closed.envelopes[10]!;
    const file = write(closed.lines.slice(0, 11), {
      session: closed.session,
      seq: 10,
      hash: last.hash,
      log: closed,
    });
    const result = await verifyLog(file, { trustedKeys: trustedBy(closed) });
    expect(result).toMatchObject({ ok: true, coverage: "covered", coveredSeq: 10, headFile: "matched" });
  });

  it("is the same on the chunked (worker) path", { timeout: 120_000 }, async () => {
    const cut = write(closed.lines.slice(0, 11));
    for (const file of [write(closed.lines), cut]) {
      const streamed = await verifyLog(file, { workers: 0 });
      const chunkedResult = await verifyLog(file, { workers: 1, chunkBytes: 512 });
      expect(chunkedResult).toEqual(streamed);
    }
  });
});

describe("readCoveredLog", () => {
  it("hands out every envelope of a closed log, in runs ending at each checkpoint", async () => {
    const { result, runs, seqs } = await covered(write(closed.lines), closed);
    expect(result).toMatchObject({ ok: true, coverage: "covered" });
    expect(runs.map((r) => r.at(-1)!.kind)).toEqual(["checkpoint", "checkpoint"]);
    expect(seqs).toEqual(closed.envelopes.map((e) => e.seq));
  });

  it("withholds an uncovered tail", async () => {
    const { result, seqs } = await covered(write(closed.lines.slice(0, 9)), closed);
    expect(result).toMatchObject({ ok: true, coverage: "uncovered", coveredSeq: 4 });
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("hands out nothing of a hand-made chain, or of one signed by a key nobody pinned", async () => {
    const bare = buildLog({ count: 6 });
    expect(await covered(write(bare.lines), closed)).toMatchObject({
      result: { ok: true, coverage: "no-checkpoint" },
      seqs: [],
    });
    const stranger = buildLog({ count: 6, checkpointEvery: 3, key: generateKeyPair() });
    expect(await covered(write(stranger.lines), closed)).toMatchObject({
      result: { ok: false, code: "untrusted-checkpoint-key", seq: 3 },
      seqs: [],
    });
  });

  it("refuses another session's log when the session is expected", async () => {
    const runs: number[] = [];
    const result = await readCoveredLog(write(closed.lines), (e) => runs.push(e.length), {
      trustedKeys: trustedBy(closed),
      session: "another",
    });
    expect(result).toMatchObject({ ok: false, code: "session-mismatch", seq: 0 });
    expect(runs).toEqual([]);
  });

  it("hands out up to a head file's claim", async () => {
    const last = closed.envelopes[8]!;
    const file = write(closed.lines.slice(0, 9), {
      session: closed.session,
      seq: 8,
      hash: last.hash,
      log: closed,
    });
    const { result, seqs } = await covered(file, closed);
    expect(result).toMatchObject({ ok: true, coverage: "covered", coveredSeq: 8 });
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("stops holding back an uncovered stretch past its bound", async () => {
    const bare = buildLog({ count: 50 });
    const result = await readCoveredLog(write(bare.lines), () => undefined, {
      trustedKeys: trustedBy(closed),
      maxUncoveredBytes: 2000,
    });
    expect(result).toMatchObject({ ok: false, code: "uncovered-too-long" });
  });

  it("hands out the covered runs before a later break, and nothing after it", async () => {
    const lines = [...closed.lines];
    lines[8] = lines[8]!.replace('"entry 7', '"entry 8');
    const { result, seqs } = await covered(write(lines), closed);
    expect(result).toMatchObject({ ok: false, code: "bad-hash", seq: 8 });
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe("readCoveredLog on edited logs (property)", () => {
  const original = buildLog({ count: 23, checkpointEvery: 5 });
  const byHash = new Set(original.envelopes.map((e) => e.hash));

  it(
    "hands out only the original's envelopes, from seq 0 in order, each run ending at a checkpoint",
    async () => {
      await fc.assert(
        fc.asyncProperty(mutationArb, async (m) => {
          const file = join(dir, `mutated-${n++}.ndjson`);
          writeFileSync(file, mutate(original, m));
          const { seqs, runs: handed } = await covered(file, original);
          expect(seqs).toEqual(seqs.map((_, i) => i));
          for (const run of handed) expect(run.at(-1)!.kind).toBe("checkpoint");
          for (const envelope of handed.flat()) expect(byHash.has(envelope.hash)).toBe(true);
          rmSync(file);
        }),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );
});
