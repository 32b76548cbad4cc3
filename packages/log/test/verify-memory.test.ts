import { execFile } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createEnvelopeLine, genesisHash } from "@lodestar/envelope";
import { describe, expect, it, onTestFinished } from "vitest";

// "A 1 GB log must verify with < 100 MB heap": the verifier runs in a child whose old space is
// capped at 96 MB, so buffering the log would crash it, and reports its sampled peak heap.
// 1 GB under LODESTAR_SLOW; 64 MB by default (same code path, a faster run).
const TARGET_BYTES = process.env["LODESTAR_SLOW"] ? 1024 ** 3 : 64 * 1024 ** 2;
const HEAP_LIMIT_MB = 96;
const child = fileURLToPath(new URL("./fixtures/verify-child.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** Streams a valid log of about `bytes` bytes to `file` without holding it in memory. */
async function writeLog(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  const session = "ses_memory";
  let prev = genesisHash(session);
  let written = 0;
  let seq = 0;
  const text = "m".repeat(3500);
  while (written < bytes) {
    const { envelope, line } = createEnvelopeLine({
      session,
      seq,
      prev,
      kind: "observation",
      actor: { agent: "memory-test" },
      sensitivity: "internal",
      body: { text: { value: `${seq} ${text}` }, meta: { s: "public", value: { seq } } },
    });
    prev = envelope.hash;
    seq++;
    written += line.length + 1;
    if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return seq;
}

describe("verifyLog memory", () => {
  it(
    `verifies a ${Math.round(TARGET_BYTES / 1024 ** 2)} MB log in a ${HEAP_LIMIT_MB} MB heap`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "lodestar-memory-"));
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      const file = join(dir, "big.ndjson");
      const count = await writeLog(file, TARGET_BYTES);
      expect(statSync(file).size).toBeGreaterThanOrEqual(TARGET_BYTES);
      // On the calling thread only, and the default (worker threads beside it, for a file this big).
      for (const workers of ["0", undefined]) {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [
            `--max-old-space-size=${HEAP_LIMIT_MB}`,
            "--import",
            "tsx",
            child,
            file,
            ...(workers ? [workers] : []),
          ],
          { cwd: packageDir, maxBuffer: 1024 * 1024 },
        );
        const { result, peakHeapBytes, peakRssBytes } = JSON.parse(stdout) as {
          result: { ok: boolean; count: number };
          peakHeapBytes: number;
          peakRssBytes: number;
        };
        expect(result).toMatchObject({ ok: true, count });
        expect(peakHeapBytes).toBeLessThan(100 * 1024 ** 2);
        // Workers hold at most a few chunks each; the whole process stays far below the log's size.
        expect(peakRssBytes).toBeLessThan(400 * 1024 ** 2);
      }
    },
    process.env["LODESTAR_SLOW"] ? 900_000 : 120_000,
  );
});
