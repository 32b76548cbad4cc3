// Log benchmarks: append throughput (group commit and per-envelope fsync) and verify throughput
// next to raw SHA-256 of the same bytes. Run: pnpm --filter @lodestar/log bench
// Env: BENCH_ENVELOPES (group-commit count, default 200000), BENCH_FSYNC_MS (default 3000).
// Group commit is measured with two producers: one that keeps 100 appends in flight (the writer's
// design point: each turn's appends share one write) and one that keeps 10,000 in flight, where the
// envelopes waiting for their acknowledgement outlive the young generation and GC grows.
import { createHash } from "node:crypto";
import { writeSync } from "node:fs";
import { mkdtemp, open, rm, stat } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair } from "@lodestar/crypto";
import { createEnvelopeLine, genesisHash } from "@lodestar/envelope";
import { type AppendInput, openLogWriter, verifyLog } from "../src/index.ts";

const ENVELOPES = Number(process.env["BENCH_ENVELOPES"] ?? 200_000);
const FSYNC_MS = Number(process.env["BENCH_FSYNC_MS"] ?? 3000);
const IN_FLIGHT = [100, 10_000] as const;
const TARGET = 100_000; // protocol-core issue: envelopes/s group-committed
const key = generateKeyPair();
const rate = (n: number) => Math.round(n).toLocaleString("en");

/** A ~1 KB observation: a tool result with a few hundred bytes of text and small structured args. */
function envelope(i: number, kind: AppendInput["kind"] = "observation"): AppendInput {
  return {
    kind,
    actor: { agent: "claude-code", model: "model-x" },
    parents: [],
    sensitivity: "internal",
    body: {
      tool: { s: "public", value: "fs.read" },
      args: { value: { path: `/work/repo/src/module-${i % 100}.ts`, offset: i, limit: 200 } },
      content: { value: `export const value${i} = ${i};\n`.repeat(19).slice(0, 560) },
    },
  };
}

async function groupCommit(file: string, inFlight: number): Promise<void> {
  const writer = await openLogWriter({
    file,
    session: "bench",
    operatorKey: key,
    checkpoint: { everyEnvelopes: 1000, everyMs: 1000 },
  });
  let pending: Promise<unknown>[] = [];
  for (let i = 0; i < ENVELOPES; i++) {
    pending.push(writer.append(envelope(i)));
    if (pending.length === inFlight) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  await writer.close();
}

/**
 * The ceiling of one thread: the same inputs built and hashed by createEnvelopeLine in a loop
 * (the producer's own cost included, as in the writer runs), with no writer, no promises and no
 * checkpoints — and, if `file` is given, each line also encoded into a buffer that goes out in
 * 128 KiB write(2)s, as the writer does, but never fsynced.
 */
async function bareLoop(file?: string): Promise<{ perSecond: number; microseconds: number }> {
  const handle = file === undefined ? undefined : await open(file, "w");
  const buffer = Buffer.allocUnsafe(256 * 1024);
  let length = 0;
  let prev = genesisHash("bench-bare");
  const count = ENVELOPES / 2;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const { kind, actor, parents, sensitivity, body } = envelope(i);
    // Fields listed, not spread, as the writer passes them (a spread takes a slow path in V8).
    const ts = new Date().toISOString();
    const input = { kind, actor, parents, sensitivity, body, session: "bench-bare", seq: i, prev, ts };
    const { envelope: built, line } = createEnvelopeLine(input);
    prev = built.hash;
    if (handle === undefined) continue;
    length += buffer.write(`${line}\n`, length, "utf8");
    if (length > 128 * 1024) {
      writeSync(handle.fd, buffer, 0, length);
      length = 0;
    }
  }
  if (handle !== undefined) {
    writeSync(handle.fd, buffer, 0, length);
    await handle.close();
  }
  const seconds = (performance.now() - start) / 1000;
  return { perSecond: count / seconds, microseconds: (seconds * 1e6) / count };
}

async function perEnvelopeFsync(file: string): Promise<{ rate: number; count: number }> {
  const writer = await openLogWriter({ file, session: "bench-fsync", operatorKey: key });
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < FSYNC_MS) {
    await writer.append(envelope(count++, "action"));
  }
  const seconds = (performance.now() - start) / 1000;
  await writer.close();
  return { rate: count / seconds, count };
}

async function sha256File(file: string): Promise<string> {
  const handle = await open(file, "r");
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  const hash = createHash("sha256");
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest("hex");
}

interface Timed<T> {
  value: T;
  seconds: number;
  /** user + system CPU seconds of this process (all threads) during the run. */
  cpuSeconds: number;
  peakHeapMb: number;
}

// Wall-clock rates on a shared machine move with whatever else runs; CPU time is reported beside
// them as the steadier figure.
async function timed<T>(run: () => Promise<T>): Promise<Timed<T>> {
  let peak = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await run();
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  return {
    value,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakHeapMb: Math.max(peak, process.memoryUsage().heapUsed) / 2 ** 20,
  };
}

const dir = await mkdtemp(join(tmpdir(), "lodestar-bench-"));
try {
  let file = "";
  for (const inFlight of IN_FLIGHT) {
    file = join(dir, `group-${inFlight}.ndjson`);
    const append = await timed(() => groupCommit(file, inFlight));
    const each = Math.round((await stat(file)).size / ENVELOPES);
    const perSecond = ENVELOPES / append.seconds;
    console.log(
      `append, group commit, ${inFlight.toLocaleString("en")} in flight: ${rate(perSecond)} envelopes/s wall ` +
        `(target ${rate(TARGET)}: ${(perSecond / TARGET).toFixed(2)}), ${rate(ENVELOPES / append.cpuSeconds)} per CPU-second ` +
        `(${ENVELOPES.toLocaleString("en")} envelopes, ${each} B each)`,
    );
    (globalThis as { gc?: () => void }).gc?.();
  }
  for (const [label, run] of [
    ["build alone, no writer:        ", await bareLoop()],
    ["build + write(2), no writer:   ", await bareLoop(join(dir, "bare.ndjson"))],
  ] as const) {
    console.log(
      `ceiling, ${label}${rate(run.perSecond)} envelopes/s, ${run.microseconds.toFixed(2)} µs each (target ${rate(TARGET)}: ${(run.perSecond / TARGET).toFixed(2)})`,
    );
  }
  const { size } = await stat(file);
  const fsync = await perEnvelopeFsync(join(dir, "fsync.ndjson"));
  console.log(`append, fsync each (action): ${rate(fsync.rate)} envelopes/s wall (${fsync.count} envelopes)`);

  const mb = size / 2 ** 20;
  await sha256File(file); // warm the page cache so both passes read from memory
  // Collect the append phase's garbage first, so the verify heap peak is verify's own.
  (globalThis as { gc?: () => void }).gc?.();
  const sha = await timed(() => sha256File(file));
  const single = await timed(() => verifyLog(file, { workers: 0 }));
  // The default: worker threads beside the calling thread (one per extra core, for a log this big).
  const verify = await timed(() => verifyLog(file));
  for (const run of [single, verify]) {
    if (!run.value.ok) throw new Error(`bench log did not verify: ${run.value.code}`);
  }
  const envelopes = verify.value.ok ? verify.value.count.toLocaleString("en") : "";
  console.log(
    `verify, calling thread only: ${(mb / single.seconds).toFixed(1)} MB/s wall, ${(mb / single.cpuSeconds).toFixed(1)} MB per CPU-second (peak heap ${single.peakHeapMb.toFixed(0)} MB)`,
  );
  console.log(
    `verify (default, ${availableParallelism() - 1} worker):   ${(mb / verify.seconds).toFixed(1)} MB/s wall, ${(mb / verify.cpuSeconds).toFixed(1)} MB per CPU-second ` +
      `(${mb.toFixed(0)} MB, ${envelopes} envelopes, peak heap ${verify.peakHeapMb.toFixed(0)} MB on the calling thread)`,
  );
  console.log(
    `raw SHA-256, same bytes:     ${(mb / sha.seconds).toFixed(1)} MB/s wall, ${(mb / sha.cpuSeconds).toFixed(1)} MB per CPU-second`,
  );
  console.log(
    `verify / raw SHA-256:        ${(sha.seconds / verify.seconds).toFixed(3)} (wall), ${(sha.cpuSeconds / verify.cpuSeconds).toFixed(3)} (CPU)`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
